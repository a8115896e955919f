import { describe, expect, it } from 'vitest';
import { CommandRequest } from './commands.ts';
import { INCIDENT_TEXT_LIMITS, TRANSITIONS, commandRefusal, maskPhone, nextLevel, normalizePhone, phoneKey, recognizePhone } from './rules.ts';

describe('the incident lifecycle (spec §8)', () => {
  it('allows exactly the transitions the spec lists', () => {
    const allowed = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      [
        'new→verified', 'verified→dispatched', 'dispatched→accepted', 'accepted→on_scene', 'on_scene→resolved', 'resolved→closed',
        'new→dispatched', 'new→cancelled', 'verified→cancelled', 'new→merged', 'verified→merged', 'resolved→dispatched',
      ].sort(),
    );
    expect(TRANSITIONS.closed).toEqual([]);
  });

  it('escalates one level at a time, community → street → district → city', () => {
    expect(nextLevel('community')).toBe('street');
    expect(nextLevel('street')).toBe('district');
    expect(nextLevel('district')).toBe('city');
    expect(nextLevel('city')).toBeNull();
  });
});

describe('who may send what (spec §7)', () => {
  const cases: [Parameters<typeof commandRefusal>[0], Parameters<typeof commandRefusal>[1], Record<string, unknown>, boolean][] = [
    ['call_taker', 'incident.create', { source: '110' }, true],
    ['call_taker', 'incident.transition', { to: 'verified' }, true],
    ['call_taker', 'incident.transition', { to: 'cancelled' }, true],
    ['call_taker', 'incident.transition', { to: 'resolved' }, false],
    ['call_taker', 'incident.transition', { to: 'closed' }, false],
    ['call_taker', 'incident.escalate', { to_level: 'street' }, false],
    ['call_taker', 'incident.escalate', { to_level: 'city' }, false],
    ['call_taker', 'incident.dispatch', {}, true],
    ['call_taker', 'incident.offer', {}, true],
    ['call_taker', 'incident.followup', {}, true],
    ['video_patroller', 'incident.create', { source: 'video' }, true],
    ['video_patroller', 'incident.create', { source: '110' }, false],
    ['video_patroller', 'incident.note', {}, true],
    ['video_patroller', 'incident.attach', {}, true],
    ['video_patroller', 'incident.dispatch', {}, false],
    ['duty_chief', 'incident.escalate', { to_level: 'city' }, true],
    ['duty_chief', 'incident.transition', { to: 'closed' }, true],
  ];
  for (const [role, name, args, ok] of cases) {
    it(`${role} ${ok ? 'may' : 'may not'} ${name} ${JSON.stringify(args)}`, () => {
      expect(commandRefusal(role, name, args) === null).toBe(ok);
    });
  }

  it('checks each command against its own argument schema', () => {
    expect(CommandRequest.safeParse({ name: 'incident.note', args: { incident: 'inc-1', text: '到场' } }).success).toBe(true);
    expect(CommandRequest.safeParse({ name: 'incident.note', args: { incident: 'inc-1' } }).success).toBe(false);
    expect(CommandRequest.safeParse({ name: 'incident.followup', args: { incident: 'inc-1', reached: true, rating: 6 } }).success).toBe(false);
    expect(CommandRequest.safeParse({ name: 'incident.attach', args: { incident: 'i', kind: 'photo', mime: 'image/png', data_base64: '!!' } }).success).toBe(false);
  });
});

describe('phone numbers as people write them', () => {
  type Row = [input: string | null | undefined, number: string | null, extension: string | null, kind: string | null, mask: string, key: string | null];
  const mobile = (input: string): Row => [input, '13812345678', null, 'mobile', '138****5678', '13812345678'];
  const xiamen = (input: string): Row => [input, '05925551234', null, 'landline', '0592****1234', '05925551234'];
  const unreadable = (input: string | null | undefined): Row => [input, null, null, null, '****', null];
  const table: Record<string, Row[]> = {
    mobiles: [
      mobile('13812345678'),
      mobile('138 1234 5678'),
      mobile('138-1234-5678'),
      mobile('138.1234.5678'),
      mobile('138–1234–5678'), // en dashes, as word processors write them
      mobile('+86 138 1234 5678'),
      mobile('+86-138-1234-5678'),
      mobile('+8613812345678'),
      mobile('(+86) 138 1234 5678'),
      mobile('0086 138 1234 5678'),
      mobile('008613812345678'),
      mobile('8613812345678'),
      mobile('86 138 1234 5678'),
      mobile('１３８１２３４５６７８'), // full-width digits
      mobile('（＋８６）１３８－１２３４－５６７８'), // full-width brackets, plus and dashes
      mobile('138\u00a01234\u00a05678'), // no-break spaces
      mobile('138\u30001234\u30005678'), // ideographic spaces
      mobile('013812345678'), // a trunk 0 dialled before a mobile
      mobile('  13812345678  '),
    ],
    landlines: [
      xiamen('(0592)5551234'),
      xiamen('（0592）5551234'),
      xiamen('0592-5551234'),
      xiamen('0592 555 1234'),
      xiamen('+86 592 555 1234'),
      xiamen('+86 (0)592 5551234'),
      xiamen('0086-592-5551234'),
      ['010-12345678', '01012345678', null, 'landline', '010****5678', '01012345678'],
      ['+86-10-12345678', '01012345678', null, 'landline', '010****5678', '01012345678'],
      ['+86 10 1234 5678', '01012345678', null, 'landline', '010****5678', '01012345678'],
      ['021 1234 5678', '02112345678', null, 'landline', '021****5678', '02112345678'],
      ['0086 21 1234 5678', '02112345678', null, 'landline', '021****5678', '02112345678'],
      ['0755-87654321', '075587654321', null, 'landline', '0755****4321', '075587654321'],
      ['010-1234567', '0101234567', null, 'landline', '010****4567', '0101234567'], // Beijing's old 7-digit numbers
    ],
    extensions: [
      ['0592-5551234 转 801', '05925551234', '801', 'landline', '0592****1234', '05925551234#801'],
      ['0592-5551234转801', '05925551234', '801', 'landline', '0592****1234', '05925551234#801'],
      ['(0592)5551234 分机801', '05925551234', '801', 'landline', '0592****1234', '05925551234#801'],
      ['010-12345678 ext. 12', '01012345678', '12', 'landline', '010****5678', '01012345678#12'],
      ['010-12345678 EXT 12', '01012345678', '12', 'landline', '010****5678', '01012345678#12'],
      ['010-12345678 x12', '01012345678', '12', 'landline', '010****5678', '01012345678#12'],
      ['021-12345678#12', '02112345678', '12', 'landline', '021****5678', '02112345678#12'],
      ['05925551234#801', '05925551234', '801', 'landline', '0592****1234', '05925551234#801'], // a key reads back as itself
      ['+86 138 1234 5678 转 8', '13812345678', '8', 'mobile', '138****5678', '13812345678#8'],
      // After a dash: the number before it was written whole (a 7+ digit group), or the whole reads as no number.
      ['0592-5551234-801', '05925551234', '801', 'landline', '0592****1234', '05925551234#801'],
      ['05925551234-801', '05925551234', '801', 'landline', '0592****1234', '05925551234#801'],
      ['0592-555-1234-801', '05925551234', '801', 'landline', '0592****1234', '05925551234#801'],
      ['010-1234567-8', '0101234567', '8', 'landline', '010****4567', '0101234567#8'],
      ['13812345678-12', '13812345678', '12', 'mobile', '138****5678', '13812345678#12'],
    ],
    'local numbers': [
      ['5551234', '5551234', null, 'local', '****1234', '5551234'],
      ['555-1234', '5551234', null, 'local', '****1234', '5551234'],
      ['8765 4321', '87654321', null, 'local', '****4321', '87654321'],
    ],
    // Was `short`, any 3–6 digits; now `service`, the service lines only (1234 is no number: see garbage).
    'service numbers': [
      ['110', '110', null, 'service', '****', null],
      ['119', '119', null, 'service', '****', null],
      ['120', '120', null, 'service', '****', null],
      ['122', '122', null, 'service', '****', null],
      ['12345', '12345', null, 'service', '****', null],
      ['10086', '10086', null, 'service', '****', null],
      ['95588', '95588', null, 'service', '****', null],
      ['962121', '962121', null, 'service', '****', null], // six-digit city hotlines
      // 400/800 numbers were unreadable; the issue (10, §2) counts them as service numbers.
      ['400-820-8820', '4008208820', null, 'service', '****', null],
      ['800 810 8888', '8008108888', null, 'service', '****', null],
      ['+86 400 820 8820', '4008208820', null, 'service', '****', null],
    ],
    'nothing to read': [unreadable(''), unreadable('   '), unreadable(null), unreadable(undefined), unreadable('-()-'), unreadable('+86')],
    garbage: [
      unreadable('abc'),
      unreadable('unknown'),
      unreadable('138abcd5678'),
      unreadable('电话13812345678'),
      unreadable('13812345678 张先生'),
      unreadable('📞13812345678'),
      unreadable('13812345678📞'),
      unreadable('123456789012345678901234567890'), // 30 digits
      unreadable('1381234567'), // a digit short of a mobile
      unreadable('138123456789'), // a digit over
      unreadable('+86 110'),
      unreadable('+1 415 555 0100'),
      unreadable('+852 2345 6789'),
      unreadable('13812345678, 13900000000'),
      unreadable('ext 12'),
      unreadable('#12'),
      unreadable('1234'), // too short for a number, and no service line
      unreadable('5555'),
      unreadable('12'),
      unreadable('1381234567890'), // 13 digits
      unreadable('12345678901234'),
      unreadable('138-1234-567'), // a digit short, written in groups: no extension to take
      unreadable('400-820-882'),
      unreadable('0314-596703'), // six digits after an area code: too few to be a landline
      unreadable('٠٥٩٢٥٥٥١٢٣٤'), // Arabic-Indic digits
    ],
    'already masked': [
      ['138****5678', '138****5678', null, 'mobile', '138****5678', '138****5678'],
      ['0592****1234', '0592****1234', null, 'landline', '0592****1234', '0592****1234'],
      ['****1234', '****1234', null, 'local', '****1234', '****1234'],
      unreadable('****'),
    ],
  };

  for (const [group, rows] of Object.entries(table)) {
    describe(group, () => {
      for (const [input, number, extension, kind, mask, key] of rows) {
        it(`${JSON.stringify(input)} → ${number ?? 'not a number'}${extension ? ` ext ${extension}` : ''}, masked ${mask}`, () => {
          const phone = normalizePhone(input);
          expect(phone === null ? null : [phone.number, phone.extension, phone.kind]).toEqual(number === null ? null : [number, extension, kind]);
          expect(maskPhone(input)).toBe(mask);
          expect(phoneKey(input)).toBe(key);
        });
      }
    });
  }

  /** What a mask may show: `****` alone, or a kept prefix (none, 3 or 4 digits), four stars, and the last four. */
  const MASK_SHAPE = /^(?:\*{4}|(?:[\d*]{3,4})?\*{4}[\d*]{4})$/;

  it('never shows more of a number than the kept prefix and the last four', () => {
    const inputs = Object.values(table).flatMap((rows) => rows.map((r) => r[0]));
    // And strings of a phone's alphabet, drawn with a seeded generator (mulberry32).
    let seed = 20261128;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const alphabet = [...'0123456789012345678901234567890123456789 +-()（）*#x.转８６'];
    for (let i = 0; i < 5000; i++) {
      const length = 1 + Math.floor(random() * 20);
      inputs.push(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    }
    for (const input of inputs) {
      const mask = maskPhone(input);
      expect(mask, JSON.stringify(input)).toMatch(MASK_SHAPE);
      const phone = normalizePhone(input);
      if (!phone || phone.kind === 'service') {
        expect(mask, JSON.stringify(input)).toBe('****');
        continue;
      }
      // Whatever the mask shows is the number's own start and end, and at least three digits stay hidden.
      const [, head = '', tail = ''] = /^([\d*]*?)\*{4}([\d*]{4})$/.exec(mask)!;
      expect(phone.number.startsWith(head) && phone.number.endsWith(tail), JSON.stringify(input)).toBe(true);
      expect(head.length + tail.length + 3, JSON.stringify(input)).toBeLessThanOrEqual(phone.number.length);
    }
  });
});

describe('the phone recogniser: what a call taker types in the phone field', () => {
  type Row = [typed: string, kind: string, normalized: string, display: string, extension: string | null];
  const table: Record<string, Row[]> = {
    'Chinese mobiles': [
      ['13812345678', 'mobile', '13812345678', '138 1234 5678', null],
      ['138 1234 5678', 'mobile', '13812345678', '138 1234 5678', null],
      ['138-1234-5678', 'mobile', '13812345678', '138 1234 5678', null],
      ['+86 139 0592 0000', 'mobile', '13905920000', '139 0592 0000', null],
      ['+8615959212345', 'mobile', '15959212345', '159 5921 2345', null],
      ['0086 186 0000 1111', 'mobile', '18600001111', '186 0000 1111', null],
      ['86 177 5555 6666', 'mobile', '17755556666', '177 5555 6666', null],
    ],
    'landlines with an area code': [
      ['0592-5123456', 'landline', '05925123456', '0592-5123456', null],
      ['(0592)5123456', 'landline', '05925123456', '0592-5123456', null],
      ['（0592）5123456', 'landline', '05925123456', '0592-5123456', null],
      ['059 2 5123456', 'landline', '05925123456', '0592-5123456', null],
      ['0592 512 3456', 'landline', '05925123456', '0592-5123456', null],
      ['0592-2123456', 'landline', '05922123456', '0592-2123456', null],
      ['010-87654321', 'landline', '01087654321', '010-87654321', null],
      ['021 6123 4567', 'landline', '02161234567', '021-61234567', null],
      ['0596-2345678', 'landline', '05962345678', '0596-2345678', null],
      ['0755-8765432', 'landline', '07558765432', '0755-8765432', null],
    ],
    '+86 landlines': [
      ['+86 592 5123456', 'landline', '05925123456', '0592-5123456', null],
      ['+86-10-87654321', 'landline', '01087654321', '010-87654321', null],
      ['0086 592 5123456', 'landline', '05925123456', '0592-5123456', null],
    ],
    extensions: [
      ['0592-5123456转123', 'landline', '05925123456#123', '0592-5123456', '123'],
      ['0592-5123456 转 123', 'landline', '05925123456#123', '0592-5123456', '123'],
      ['0592-5123456 分机 123', 'landline', '05925123456#123', '0592-5123456', '123'],
      ['0592-5123456 ext 123', 'landline', '05925123456#123', '0592-5123456', '123'],
      ['0592-5123456 ext. 123', 'landline', '05925123456#123', '0592-5123456', '123'],
      ['0592-5123456-123', 'landline', '05925123456#123', '0592-5123456', '123'],
      ['0592-5123456#123', 'landline', '05925123456#123', '0592-5123456', '123'],
      ['+86 592 5123456 转 8001', 'landline', '05925123456#8001', '0592-5123456', '8001'],
    ],
    'local numbers': [
      ['5123456', 'local', '5123456', '5123456', null],
      ['8765 4321', 'local', '87654321', '87654321', null],
    ],
    'service numbers': [
      ['110', 'service', '110', '110', null],
      ['119', 'service', '119', '119', null],
      ['120', 'service', '120', '120', null],
      ['122', 'service', '122', '122', null],
      ['12345', 'service', '12345', '12345', null],
      ['95588', 'service', '95588', '95588', null],
      ['95555', 'service', '95555', '95555', null],
      ['400-820-8820', 'service', '4008208820', '400-820-8820', null],
      ['4008208820', 'service', '4008208820', '400-820-8820', null],
      ['800-810-8888', 'service', '8008108888', '800-810-8888', null],
    ],
    'not phone numbers (kept as typed)': [
      ['1234', 'unknown', '1234', '1234', null],
      ['12', 'unknown', '12', '12', null],
      ['138123', 'unknown', '138123', '138123', null],
      ['abc', 'unknown', 'abc', 'abc', null],
      ['不知道', 'unknown', '不知道', '不知道', null],
      ['138abcd5678', 'unknown', '138abcd5678', '138abcd5678', null],
      ['1381234567890', 'unknown', '1381234567890', '1381234567890', null], // 13 digits
      ['12345678901234', 'unknown', '12345678901234', '12345678901234', null],
      ['  139 0000  ', 'unknown', '139 0000', '139 0000', null], // seven digits, but no local number starts with 1
      ['9123456', 'unknown', '9123456', '9123456', null],
      ['+1 415 555 0100', 'unknown', '+1 415 555 0100', '+1 415 555 0100', null],
      ['0592-51234', 'unknown', '0592-51234', '0592-51234', null], // five digits after the area code
    ],
  };

  for (const [group, rows] of Object.entries(table)) {
    describe(group, () => {
      for (const [typed, kind, normalized, display, extension] of rows) {
        it(`${JSON.stringify(typed)} → ${kind} ${normalized}`, () => {
          expect(recognizePhone(typed)).toEqual({ kind, normalized, display, extension });
        });
      }
    });
  }

  it('says nothing about an empty field', () => {
    for (const typed of ['', '   ', null, undefined]) expect(recognizePhone(typed)).toBeNull();
  });

  it('files what the cache keys callers by, and flags exactly what the normaliser cannot read', () => {
    const inputs = Object.values(table).flatMap((rows) => rows.map((r) => r[0]));
    for (const typed of inputs) {
      const reading = recognizePhone(typed)!;
      const phone = normalizePhone(typed);
      expect(reading.kind === 'unknown', typed).toBe(phone === null);
      if (reading.kind === 'unknown') {
        expect(maskPhone(typed), typed).toBe('****');
        expect(phoneKey(typed), typed).toBeNull();
      } else if (reading.kind === 'service') {
        expect(phoneKey(typed), typed).toBeNull();
      } else {
        // A caller: what the form files is the key the duplicate check and the cache use.
        expect(phoneKey(typed), typed).toBe(reading.normalized);
        expect(phoneKey(reading.normalized), typed).toBe(reading.normalized);
        expect(maskPhone(reading.normalized), typed).toBe(maskPhone(typed));
      }
    }
  });
});

describe('text limits of a filed incident', () => {
  const base = { source: '110', category: 'other', priority: 3, title: 't' };
  const withText = (field: keyof typeof INCIDENT_TEXT_LIMITS, text: string) => {
    if (field === 'callerName') return { ...base, caller: { name: text } };
    if (field === 'callerPhone') return { ...base, caller: { phone: text } };
    return { ...base, [field]: text };
  };
  for (const [field, max] of Object.entries(INCIDENT_TEXT_LIMITS) as [keyof typeof INCIDENT_TEXT_LIMITS, number][]) {
    it(`${field}: the contract takes ${max} characters and refuses ${max + 1}, as the intake form counts`, () => {
      const create = (text: string) => CommandRequest.safeParse({ name: 'incident.create', args: withText(field, text) }).success;
      expect(create('字'.repeat(max))).toBe(true);
      expect(create('字'.repeat(max + 1))).toBe(false);
    });
  }
});
