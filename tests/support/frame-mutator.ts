/**
 * Building blocks for fuzzing Platform Link frames: a small seeded PRNG, valid
 * §8 entities of every kind, mutations that certainly break §8 ("bad"), and
 * blind structural mutations whose effect on validity is unknown.
 *
 * Nothing here knows how the console validates: the "bad" mutations are read
 * off the spec (platform-link.md §8), not off native/link/entities.ts.
 */
import { camera, incident } from './entities.ts';
import { DISTRICT_CODES } from '../../native/api/rules.ts';

// ── PRNG ──────────────────────────────────────────────────────────────

export interface Rng {
  /** [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
  /** integer in [lo, hi] */
  range(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  shuffle<T>(items: T[]): T[];
}

/** mulberry32: tiny, fast, and the same everywhere for a given seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
  return rng;
}

// ── Valid entities (§8) ───────────────────────────────────────────────

export const KINDS = ['incident', 'incident_event', 'call', 'camera', 'department', 'volunteer', 'road'] as const;
export type Kind = (typeof KINDS)[number];
type Data = Record<string, unknown>;

const PREFIX: Record<Kind, string> = {
  incident: 'inc',
  incident_event: 'evt',
  call: 'call',
  camera: 'cam',
  department: 'dept',
  volunteer: 'vol',
  road: 'road',
};

/** Unicode that is legal in a JSON string (CJK, emoji, RTL, combining marks, escapes). */
const JUNK = ['思明区', '🚒🚓', '\u202eRTL\u202c', 'e\u0301\u0301', '\u0000nul', '\u2028\u2029', '"quoted"\\', '\ud800lone', '\udfff', '\ufeffbom', '𠜎𠜱'];

export function junkString(rng: Rng): string {
  let s = '';
  const n = rng.range(1, 4);
  for (let i = 0; i < n; i++) s += rng.pick(JUNK);
  return s;
}

export function idOf(rng: Rng, kind: Kind, pool = 40): string {
  return `${PREFIX[kind]}-${String(rng.int(pool)).padStart(3, '0')}`;
}

const time = (rng: Rng) => `2026-11-${String(rng.range(10, 28))}T${String(rng.range(10, 23))}:${String(rng.range(10, 59))}:00+08:00`;

/** A §8-valid entity of `kind`; optional fields sometimes absent or null, sometimes unknown extras. */
export function validEntity(rng: Rng, kind: Kind, id: string, rev: number): Data {
  const opt = <T>(v: T): T | null | undefined => (rng.chance(0.2) ? null : rng.chance(0.2) ? undefined : v);
  let data: Data;
  switch (kind) {
    case 'incident':
      data = incident(id, rev, {
        priority: rng.range(1, 4),
        status: rng.pick(['new', 'verified', 'dispatched', 'resolved', 'merged']),
        title: rng.chance(0.2) ? junkString(rng) : `事件 ${id}`,
        description: opt('楼上深夜装修'),
        lat: opt(24 + rng.next()),
        district: opt(rng.pick(DISTRICT_CODES)),
        departments: rng.chance(0.3) ? ['dept-001'] : [],
        caller: opt({ name: '张先生', phone: '138****5678' }),
        due_at: opt(time(rng)),
        attachments: rng.chance(0.2) ? [{ id: 'att-1', kind: 'photo', url: 'http://127.0.0.1/a.jpg', mime: 'image/jpeg' }] : [],
      });
      break;
    case 'incident_event':
      data = {
        id,
        rev,
        incident: idOf(rng, 'incident'),
        at: time(rng),
        actor: 'op-031',
        kind: rng.pick(['created', 'status', 'note', 'dispatch']),
        text: opt('复核'),
        data: opt({ from: 'new', to: 'verified' }),
      };
      break;
    case 'call':
      data = { id, rev, line: rng.pick(['110', '119', '122', '12345']), received_at: time(rng), answered_at: opt(time(rng)), ended_at: opt(time(rng)), incident: opt(idOf(rng, 'incident')), caller_phone: opt('138****5678') };
      break;
    case 'camera':
      data = camera(id, rev, { district: rng.pick(DISTRICT_CODES), road: opt('环岛路'), kind: rng.pick(['fixed', 'ptz', 'dome']), status: rng.pick(['online', 'offline']), tags: rng.chance(0.5) ? ['海滨'] : [] });
      break;
    case 'department':
      data = { id, rev, name: `部门 ${id}`, kind: rng.pick(['police', 'fire', 'grid', 'other']), level: rng.pick(['city', 'district', 'street', 'community']), district: opt(rng.pick(DISTRICT_CODES)), parent: opt('dept-000') };
      break;
    case 'volunteer':
      data = { id, rev, name: '李*', team: opt('蓝天救援'), district: opt(rng.pick(DISTRICT_CODES)), points: rng.chance(0.5) ? rng.int(500) : rng.next() * 100, verified: rng.chance(0.5), skills: rng.chance(0.5) ? ['first_aid'] : [] };
      break;
    case 'road':
      data = { id, rev, name: `道路 ${id}`, district: rng.pick(DISTRICT_CODES), level: rng.pick(['smooth', 'slow', 'congested', 'blocked']), speed_kmh: opt(rng.int(80)), updated_at: time(rng), line: opt([[24.48, 118.08], [24.49, 118.09]]) };
      break;
  }
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  // §8: fields not listed are kept as received.
  if (rng.chance(0.15)) data[rng.pick(['x_vendor', 'grid_code', '备注'])] = rng.chance(0.5) ? junkString(rng) : { nested: [1, 'two', null] };
  return data;
}

// ── Mutations that certainly break §8 ─────────────────────────────────

type Breaker = (d: Data) => void;
const GENERIC_BREAKERS: Breaker[] = [
  (d) => delete d.id,
  (d) => (d.id = ''),
  (d) => (d.id = 7),
  (d) => (d.id = null),
  (d) => (d.rev = -1),
  (d) => (d.rev = 1.5),
  (d) => (d.rev = '3'),
  (d) => (d.rev = null),
  (d) => delete d.rev,
];
const KIND_BREAKERS: Record<Kind, Breaker[]> = {
  incident: [
    (d) => (d.priority = 9), (d) => (d.priority = 0), (d) => (d.priority = '1'), (d) => (d.status = 'open'),
    (d) => (d.source = '911'), (d) => (d.category = 'bogus.x'), (d) => (d.category = 'Traffic.collision'),
    (d) => (d.lat = 200), (d) => (d.lng = -181), (d) => (d.reported_at = '2026-11-28 09:00'),
    (d) => (d.updated_at = null), (d) => (d.departments = 'dept-001'), (d) => (d.departments = ['']),
    (d) => (d.volunteers = [1]), (d) => (d.attachments = [{ id: 'a' }]), (d) => (d.district = '350200'),
    (d) => (d.level = 'nation'), (d) => (d.title = 5), (d) => (d.caller = 'x'), (d) => (d.due_at = 'tomorrow'),
    (d) => delete d.title, (d) => delete d.attachments,
  ],
  incident_event: [(d) => (d.incident = ''), (d) => (d.at = 'now'), (d) => (d.actor = null), (d) => (d.kind = 'chat'), (d) => (d.data = 'str'), (d) => (d.text = 5)],
  call: [(d) => (d.line = '911'), (d) => (d.received_at = null), (d) => (d.answered_at = 'soon'), (d) => (d.incident = '')],
  camera: [
    (d) => (d.district = null), (d) => (d.lat = 200), (d) => (d.lng = -200), (d) => (d.kind = 'fisheye'),
    (d) => (d.status = 'broken'), (d) => (d.streams = {}), (d) => (d.streams = { main: 5 }), (d) => (d.tags = 'a'), (d) => (d.tags = [1]),
  ],
  department: [(d) => (d.kind = 'army'), (d) => (d.level = 'nation'), (d) => (d.name = null), (d) => (d.parent = '')],
  volunteer: [(d) => (d.points = '5'), (d) => (d.verified = 'yes'), (d) => (d.skills = [1]), (d) => (d.skills = null), (d) => (d.name = null)],
  road: [
    (d) => (d.level = 'jammed'), (d) => (d.district = '1'), (d) => (d.updated_at = 5), (d) => (d.line = [[200, 0]]),
    (d) => (d.line = [[1]]), (d) => (d.speed_kmh = '50'),
  ],
};

/** Data that breaks §8 for its kind, described for failure messages. */
export function breakData(rng: Rng, kind: Kind, data: Data): { data: unknown; how: string } {
  const roll = rng.next();
  if (roll < 0.08) {
    const replacement = rng.pick([null, [], 'str', 42, {}, true]);
    return { data: replacement, how: `data=${JSON.stringify(replacement)}` };
  }
  const breakers = roll < 0.35 ? GENERIC_BREAKERS : KIND_BREAKERS[kind];
  const i = rng.int(breakers.length);
  breakers[i]!(data);
  // Sometimes a broken item also carries junk the console must survive while quarantining it.
  if (rng.chance(0.05)) data.x_deep = deepToken(rng.range(2_000, 20_000));
  return { data, how: `${roll < 0.35 ? 'generic' : kind}#${i}` };
}

// ── Blind structural mutations ────────────────────────────────────────

/**
 * The deepest array nesting `deepToken` produces. Callers may lower it (the
 * fuzz test does while a known bug with deep nesting is open).
 */
export const deepNesting = { cap: 30_000 };

/** Placeholder for a deeply nested array; `render` expands it in the text (JSON.stringify would overflow). */
export const deepToken = (depth: number, capped = true) => `__FUZZ_DEEP_${capped ? Math.min(depth, deepNesting.cap) : depth}__`;

export function render(frame: unknown): string {
  return JSON.stringify(frame).replace(/"__FUZZ_DEEP_(\d+)__"/g, (_m, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)));
}

export const ODD_NUMBERS = [-1, 0.5, 1.5, 9, 200, -181, 1e300, 2 ** 53, 4294967296.5, -1e-9];

/** A value of a different JSON type than `v`. */
export function otherType(rng: Rng, v: unknown): unknown {
  const options: unknown[] = [rng.pick(ODD_NUMBERS), junkString(rng), null, [v], { v }, rng.chance(0.5)];
  const typeOf = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);
  const others = options.filter((o) => typeOf(o) !== typeOf(v));
  return rng.pick(others);
}

type Path = (string | number)[];

/** Every (container, key) in `root`, depth-first, skipping huge arrays. */
function slots(root: unknown, limit = 400): { parent: Data | unknown[]; key: string | number; path: Path }[] {
  const out: { parent: Data | unknown[]; key: string | number; path: Path }[] = [];
  const walk = (node: unknown, path: Path) => {
    if (out.length >= limit || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) node.forEach((v, i) => { out.push({ parent: node, key: i, path: [...path, i] }); walk(v, [...path, i]); });
    else for (const [k, v] of Object.entries(node)) { out.push({ parent: node as Data, key: k, path: [...path, k] }); walk(v, [...path, k]); }
  };
  walk(root, []);
  return out;
}

export const STRUCTURAL = ['drop', 'type', 'number', 'huge', 'deep', 'unicode', 'extra', 'case', 'arrayDup', 'arraySwap', 'arrayDrop'] as const;

/**
 * One blind mutation somewhere in `frame` (in place). Returns the path it
 * touched, or null if it found nothing to mutate. `hugeOk` allows strings of
 * up to a few hundred KiB.
 */
export function mutateStructure(rng: Rng, frame: Data, hugeOk: boolean): { path: Path; op: string } | null {
  const all = slots(frame);
  if (all.length === 0) return null;
  const slot = rng.pick(all);
  const { parent, key } = slot;
  const get = () => (parent as Record<string | number, unknown>)[key];
  const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
  let op: string = rng.pick(STRUCTURAL);
  if (op === 'huge' && !hugeOk) op = 'unicode';
  const value = get();
  switch (op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'type':
      set(otherType(rng, value));
      break;
    case 'number':
      set(rng.pick(ODD_NUMBERS));
      break;
    case 'huge':
      set('巨'.repeat(rng.range(50_000, 300_000)));
      break;
    case 'deep':
      set(deepToken(rng.range(1_000, 30_000)));
      break;
    case 'unicode':
      set(typeof value === 'string' ? value + junkString(rng) : junkString(rng));
      break;
    case 'extra': {
      const target = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : frame;
      target[`x_${junkString(rng)}`] = rng.chance(0.5) ? otherType(rng, 1) : { unknown: true };
      break;
    }
    case 'case':
      if (!Array.isArray(parent)) {
        const k = key as string;
        delete parent[k];
        parent[k.length ? k[0]!.toUpperCase() + k.slice(1) : 'X'] = value;
      } else set(otherType(rng, value));
      break;
    case 'arrayDup':
    case 'arraySwap':
    case 'arrayDrop': {
      const arr = Array.isArray(value) ? value : Array.isArray(parent) ? parent : null;
      if (!arr || arr.length === 0) { set(otherType(rng, value)); break; }
      const i = rng.int(arr.length);
      if (op === 'arrayDup') arr.splice(i, 0, arr[i]);
      else if (op === 'arrayDrop') arr.splice(i, 1);
      else { const j = rng.int(arr.length); [arr[i], arr[j]] = [arr[j], arr[i]]; }
      break;
    }
  }
  return { path: slot.path, op };
}

/** Text- and transport-level junk: what arrives is not a well-formed JSON object frame. */
export function junkPayload(rng: Rng, base: string): { data: string | Buffer; binary: boolean; how: string } {
  switch (rng.int(10)) {
    case 0: return { data: base.slice(0, rng.int(Math.max(1, base.length - 1))), binary: false, how: 'truncated' };
    case 1: return { data: '', binary: false, how: 'empty text' };
    case 2: return { data: Buffer.alloc(0), binary: true, how: 'empty binary' };
    case 3: return { data: Buffer.from(base), binary: true, how: 'valid JSON as binary' };
    case 4: return { data: Buffer.from(Array.from({ length: rng.range(1, 64) }, () => rng.int(256))), binary: true, how: 'random binary' };
    case 5: return { data: rng.pick(['[]', '42', '"changes"', 'null', 'true', '{}', '{"t":null}', '{"t":7}', '{"T":"changes","items":[]}']), binary: false, how: 'JSON, not a frame' };
    case 6: return { data: '\ufeff' + base, binary: false, how: 'BOM prefix' };
    case 7: {
      const at = rng.int(base.length);
      return { data: base.slice(0, at) + rng.pick(['}', ']', ',', '"', '\\', '{{', 'NaN', 'undefined']) + base.slice(at), binary: false, how: 'invalid JSON' };
    }
    case 8: return { data: base + rng.pick([' x', '}', ',{}', '\n{"t":"changes"}']), binary: false, how: 'trailing garbage' };
    default: return { data: Buffer.concat([Buffer.from('{"t":"notice","level":"info","message":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), binary: false, how: 'invalid UTF-8 text' };
  }
}
