import { describe, expect, it } from 'vitest';
import { camera, incident } from '../../tests/support/entities.ts';
import { ENTITY_KINDS, ENTITY_SCHEMAS, checkEntity, entityCheck, type EntityKind } from './entities.ts';
import { seededRandom } from '../simulator/time.ts';
import { readFileSync } from 'node:fs';
import { compileCheck } from './compile-check.ts';
import { precompiledCheck } from './fast-check.ts';
import { GENERATED_CHECKS_FILE, generateChecksModule } from './generate-checks.ts';
import { ChangeItem, ChangeSeq, Changes, Position, Positions, SnapshotItem } from './frames.ts';

/**
 * The compiled checks must give zod's verdict on everything: valid items,
 * and items broken in every way a platform (or a fault injector) could break
 * them. A seeded generator mutates valid samples field by field, nested ones
 * included, with values chosen to sit on the edges of §8's types.
 */

const T = '2026-11-28T09:00:00+08:00';
const SAMPLES: Record<EntityKind, Record<string, unknown>[]> = {
  incident: [
    incident('inc-1', 1),
    incident('inc-2', 7, {
      caller: { name: '陈**', phone: '138****5678', extra: 1 },
      call: 'call-1',
      due_at: '2026-11-29T09:00:00.250+08:00',
      merged_into: 'inc-1',
      departments: ['dept-a'],
      volunteers: ['vol-1'],
      attachments: [{ id: 'att-1', kind: 'photo', url: 'https://x/1.jpg', mime: 'image/jpeg' }],
      street: '莲前街道',
      community: '金山社区',
    }),
  ],
  incident_event: [
    { id: 'ev-1', rev: 1, incident: 'inc-1', at: T, actor: 'op-1', kind: 'note', text: '已联系', data: { a: [1] } },
    { id: 'ev-2', rev: 2, incident: 'inc-1', at: T, actor: 'op-1', kind: 'status' },
  ],
  call: [
    { id: 'call-1', rev: 1, line: '110', received_at: T, answered_at: T, ended_at: null, incident: 'inc-1', caller_phone: '13812345678' },
    { id: 'call-2', rev: 1, line: '12345', received_at: T },
  ],
  camera: [camera('cam-1', 1), camera('cam-2', 3, { road: '湖滨南路', kind: 'ptz', streams: { main: 'http://x/m.m3u8' }, tags: ['traffic'] })],
  department: [
    { id: 'dept-1', rev: 1, name: '思明公安', kind: 'police', level: 'district', district: '350203', parent: 'dept-0' },
    { id: 'dept-0', rev: 1, name: '市局', kind: 'other', level: 'city' },
  ],
  volunteer: [
    { id: 'vol-1', rev: 1, name: '林**', team: '红马甲', district: '350206', points: 12.5, verified: true, skills: ['first_aid'] },
    { id: 'vol-2', rev: 1, name: '王**', points: 0, verified: false, skills: [] },
  ],
  road: [
    { id: 'road-1', rev: 1, name: '湖滨南路', district: '350203', level: 'slow', speed_kmh: 21.5, updated_at: T, line: [[24.47, 118.1], [24.48, 118.11]] },
    { id: 'road-2', rev: 1, name: '成功大道', district: '350206', level: 'blocked', updated_at: T },
  ],
  place: [
    { id: 'pl-1', rev: 1, name: '湖滨南路388号', kind: 'address', district: '350203', street: '滨海街道', community: '振兴社区', lat: 24.47, lng: 118.1, aliases: ['湖滨南388号'] },
    { id: 'pl-2', rev: 2, name: '厦门北站', kind: 'poi', district: '350211', street: null, lat: 24.64, lng: 118.07, aliases: [], extra: { a: 1 } },
  ],
};

const EDGE_VALUES: unknown[] = [
  null, '', 'x', ' ', '0', 0, -1, 1, 2, 4, 5, 1.5, -0, 2 ** 53, 2 ** 53 - 1, 1e300, -1e300, 90.0001, -180.5, 24.48, true, false,
  [], {}, [1], ['a'], [''], [[24.4, 118]], [[91, 0]], [[24.4]], [{ a: 1 }], { main: 'm' }, { phone: 5 },
  '2026-11-28T09:00:00+08:00', '2026-11-28T09:00:00Z', '2026-11-28T09:00:00', '2026-11-28T09:00:00+0800', '2026-11-28T09:00:00+08',
  '2026-02-29T09:00:00+08:00', '2028-02-29T09:00:00+08:00', '2026-11-28T24:00:00+08:00', '2026-11-28 09:00:00+08:00',
  '2026-11-28T09:00:00.123456789-05:30', '2026-11-28t09:00:00+08:00', '２０２６-11-28T09:00:00+08:00',
  'fire', 'fire.building', 'fire.', 'fire..x', 'Fire.x', 'firex.y', 'other.x_1', 'traffic.Collision', 'city_mgmt.a.b', 'petition.1',
  '110', '119', '12345', 'video', 'new', 'merged', 'closed', 'city', 'street', 'photo', 'ptz', 'online', 'police', 'smooth',
  '350203', '350204', '350213', 'duty_chief', '🚒', '\u0000', 'a'.repeat(300),
];

/** A deep copy with one to three random edits somewhere inside. */
function mutate(value: unknown, r: () => number): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    // Walk down a random path of objects and arrays, then edit there.
    let target: Record<string, unknown> | unknown[] = copy;
    for (let depth = 0; depth < 3; depth++) {
      const keys = Object.keys(target);
      const key = keys[Math.floor(r() * keys.length)];
      const next = key === undefined ? undefined : (target as Record<string, unknown>)[key];
      if (typeof next === 'object' && next !== null && r() < 0.5) target = next as Record<string, unknown>;
      else break;
    }
    const keys = Object.keys(target);
    const key = Array.isArray(target) ? String(Math.floor(r() * (target.length + 1))) : keys[Math.floor(r() * keys.length)] ?? 'id';
    const roll = r();
    if (roll < 0.15 && !Array.isArray(target)) delete (target as Record<string, unknown>)[key];
    else if (roll < 0.25 && !Array.isArray(target)) (target as Record<string, unknown>)[`extra_${key}`] = EDGE_VALUES[Math.floor(r() * EDGE_VALUES.length)];
    else (target as Record<string, unknown>)[key as never] = EDGE_VALUES[Math.floor(r() * EDGE_VALUES.length)] as never;
  }
  return copy;
}

describe('compiled checks', () => {
  it('accept every valid sample', () => {
    for (const kind of ENTITY_KINDS) {
      for (const sample of SAMPLES[kind]) expect(checkEntity(kind, sample), `${kind} ${JSON.stringify(sample)}`).toMatchObject({ ok: true });
    }
  });

  it('give zod’s verdict on 40,000 mutated entities and change envelopes', () => {
    const r = seededRandom(Number(process.env.EGRET_FUZZ_SEED ?? 20261128));
    // The checks the link runs (compiled at build time), not copies.
    const checks = Object.fromEntries(ENTITY_KINDS.map((k) => [k, entityCheck(k)])) as Record<EntityKind, (v: unknown) => boolean>;
    const envelopes = [
      { schema: ChangeItem, check: precompiledCheck('changeItem') },
      { schema: ChangeSeq, check: precompiledCheck('changeSeq') },
      { schema: SnapshotItem, check: precompiledCheck('snapshotItem') },
    ];
    const isChangesFrame = precompiledCheck('changesFrame');
    let refused = 0;
    for (let i = 0; i < 40_000; i++) {
      const kind = ENTITY_KINDS[i % ENTITY_KINDS.length]!;
      const samples = SAMPLES[kind];
      const data = mutate(samples[i % samples.length], r);
      const zodSays = ENTITY_SCHEMAS[kind].safeParse(data).success;
      if (checks[kind](data) !== zodSays) expect.fail(`${kind}: compiled check says ${!zodSays}, zod says ${zodSays} for ${JSON.stringify(data)}`);
      if (!zodSays) refused++;
      const change = mutate(i % 2 ? { seq: i, op: 'upsert', kind, data } : { seq: i, op: 'delete', kind, id: 'x', rev: 2 }, r);
      for (const { schema, check } of envelopes) {
        const expected = schema.safeParse(change).success;
        if (check(change) !== expected) expect.fail(`envelope: compiled check says ${!expected}, zod says ${expected} for ${JSON.stringify(change)}`);
      }
      const frame = mutate({ t: 'changes', items: [change] }, r);
      if (isChangesFrame(frame) !== Changes.safeParse(frame).success) expect.fail(`changes frame: verdicts differ for ${JSON.stringify(frame)}`);
    }
    // The mutations must mostly break things, or the comparison proves little.
    expect(refused).toBeGreaterThan(20_000);
    expect(refused).toBeLessThan(40_000);
  });

  it('give zod’s verdict on 20,000 mutated live positions and their frames', () => {
    const r = seededRandom(Number(process.env.EGRET_FUZZ_SEED ?? 20261201));
    const isPosition = precompiledCheck('position');
    const isPositionsFrame = precompiledCheck('positionsFrame');
    const samples = [
      { id: 'vol-00017', lat: 24.4798, lng: 118.0894, ts: T, state: 'available' },
      { id: 'vol-2', lat: -90, lng: 180, ts: '2026-11-28T09:00:00.5Z', state: 'offline', heading: 90 },
    ];
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const position = mutate(samples[i % samples.length], r);
      const zodSays = Position.safeParse(position).success;
      if (isPosition(position) !== zodSays) expect.fail(`position: compiled check says ${!zodSays}, zod says ${zodSays} for ${JSON.stringify(position)}`);
      if (!zodSays) refused++;
      const frame = mutate({ t: 'positions', items: [position] }, r);
      if (isPositionsFrame(frame) !== Positions.safeParse(frame).success) expect.fail(`positions frame: verdicts differ for ${JSON.stringify(frame)}`);
    }
    expect(refused).toBeGreaterThan(10_000);
    expect(refused).toBeLessThan(20_000);
  });

  it('were compiled from the schemas as they are now (else: npm run gen:checks)', () => {
    const committed = readFileSync(new URL(`../../${GENERATED_CHECKS_FILE}`, import.meta.url), 'utf8');
    expect(committed === generateChecksModule(), `${GENERATED_CHECKS_FILE} is stale: run npm run gen:checks`).toBe(true);
  });

  it("count a string's length in code points, as compiled on the spot", () => {
    const onTheSpot = compileCheck(ENTITY_SCHEMAS.incident);
    const atBuild = entityCheck('incident');
    for (const id of ['', 'x', '🚒', '\ud83d', '\ud83d\ud83d', 'a\udc92']) {
      const data = { ...SAMPLES.incident[0], id };
      expect(atBuild(data), JSON.stringify(id)).toBe(onTheSpot(data));
    }
  });

  it('are compiled once per kind and kept', () => {
    for (const kind of ENTITY_KINDS) expect(entityCheck(kind)).toBe(entityCheck(kind));
    expect(entityCheck('incident')).not.toBe(entityCheck('camera'));
  });

  it('refuse a schema JSON Schema cannot express, instead of checking less', () => {
    expect(() => compileCheck(ENTITY_SCHEMAS.incident.refine(() => false))).toThrow();
  });
});
