/**
 * A seeded fuzzer for the console side of Platform Link v1.
 *
 * A small fake platform (ws, loopback) welcomes the real `PlatformLink` and
 * then feeds it mutated frames, one at a time: after each frame it sends a
 * WebSocket ping and waits for the pong (the console handles a message
 * synchronously, so the pong means the frame was dealt with) or for the
 * connection to close (the console refused the frame). After every frame the
 * console's durable state (cache.db, read through a separate read-only
 * connection) is compared with a model written from the spec:
 *
 * - no uncaught exception or unhandled rejection, ever;
 * - the cursor equals the model's: changes move it only forward, by
 *   contiguous seqs, to the last applied seq; a snapshot to its `as_of`; a
 *   `reset` to null; nothing else moves it;
 * - the console closes exactly when the spec makes it refuse a frame (gap,
 *   item without an integer seq, out-of-place changes, broken snapshot order,
 *   reset, > 4 MiB) and never for frames it must ignore;
 * - every applied change item whose data certainly breaks §8 is in the
 *   quarantine table (with a reason) at its seq, no certainly valid one is,
 *   and a snapshot's bad items are quarantined when it commits;
 * - finally a valid snapshot + changes sequence leaves the cache's export
 *   equal to what the platform last stated.
 *
 * Reproduce a failure with EGRET_FUZZ_SEED=<seed printed in the message>.
 */
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  KINDS,
  breakData,
  deepNesting,
  deepToken,
  idOf,
  junkPayload,
  junkString,
  mutateStructure,
  render,
  seededRng,
  validEntity,
  type Kind,
  type Rng,
} from '../../tests/support/frame-mutator.ts';
import { waitUntil } from '../../tests/support/wait.ts';
import { silentLogger } from '../common/logger.ts';
import { exportKind, openDataDir } from '../store/data-dir.ts';
import { cachePath } from '../store/open.ts';
import { PlatformLink } from './platform-link.ts';
import { prepareChange, prepareSnapshotItem } from './prepare.ts';

const SEED = Number(process.env.EGRET_FUZZ_SEED ?? 0x5eede9e7) >>> 0;
const FRAMES = Number(process.env.EGRET_FUZZ_FRAMES ?? 10_500);
const MAX_FRAME = 4 * 1024 * 1024;

/**
 * Open bug (see the `it.fails` tests at the end): prepare.ts `rawOf` falls back
 * to `String(value)` when JSON.stringify overflows on deeply nested JSON, which
 * throws out of the ws message handler for a deep array snapshot item (an
 * uncaught exception; the link then hangs until the idle timeout) and stores
 * "[object Object]" as the data of a valid entity with a deep extra field.
 * While it is open the fuzzer keeps nesting shallow enough not to hit it; once
 * prepare.ts is fixed, set this to false and turn those `it.fails` into `it`.
 */
const AVOID_OPEN_DEEP_NESTING_BUG = false;
if (AVOID_OPEN_DEEP_NESTING_BUG) deepNesting.cap = 1_000;

type Json = Record<string, unknown>;
type Label = 'valid' | 'bad' | 'unknown';

// ── The fake platform ─────────────────────────────────────────────────

interface Session {
  n: number;
  ws: WebSocket;
  hello: Json;
  resume: 'snapshot' | 'replay';
  closed: boolean;
  closeCode: number | null;
}

function welcomeFrame(n: number, resume: 'snapshot' | 'replay', head: number): Json {
  return {
    t: 'welcome',
    session: `s-${n}`,
    head,
    server_time: '2026-11-28T09:00:00+08:00',
    resume,
    window: 1_000_000,
    tz: 'Asia/Shanghai',
    operator: { id: 'op-031', name: '林晓', role: 'duty_chief' },
  };
}

class FakePlatform {
  readonly wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('platform-link.v1') ? 'platform-link.v1' : false),
  });
  url = '';
  /** Answer the next hello with resume "snapshot" whatever the cursor. */
  forceSnapshot = false;
  acks: number[] = [];
  commands = new Map<string, number>();
  problems: string[] = [];
  connections = 0;
  private queue: Session[] = [];
  private waiter: ((s: Session) => void) | null = null;

  constructor() {
    this.wss.on('connection', (ws) => this.accept(ws));
  }

  async listen(): Promise<void> {
    if (!this.wss.address()) await once(this.wss, 'listening');
    this.url = `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/link/v1`;
  }

  nextSession(timeoutMs = 10_000): Promise<Session> {
    const ready = this.queue.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`seed=${SEED}: the console did not reconnect within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (s) => {
        clearTimeout(timer);
        resolve(s);
      };
    });
  }

  private accept(ws: WebSocket): void {
    const n = ++this.connections;
    let session: Session | null = null;
    let closed: number | null = null;
    if (ws.protocol !== 'platform-link.v1') this.problems.push(`connection ${n} without the subprotocol`);
    ws.on('error', () => {});
    ws.on('close', (code) => {
      closed = code;
      if (session) {
        session.closed = true;
        session.closeCode = code;
      }
    });
    ws.on('message', (raw, isBinary) => {
      const text = raw.toString();
      if (isBinary) return void this.problems.push('the console sent a binary frame');
      let msg: Json;
      try {
        msg = JSON.parse(text) as Json;
      } catch {
        return void this.problems.push(`the console sent non-JSON: ${text.slice(0, 100)}`);
      }
      if (!session) {
        const cursor = msg.cursor;
        if (
          msg.t !== 'hello' || msg.v !== 1 || typeof msg.console !== 'string' || typeof msg.token !== 'string' ||
          !(cursor === null || Number.isSafeInteger(cursor)) || !Array.isArray(msg.topics)
        ) {
          this.problems.push(`bad hello: ${text.slice(0, 200)}`);
          return void ws.close(4400, 'bad hello');
        }
        const resume = this.forceSnapshot || cursor === null ? 'snapshot' : 'replay';
        this.forceSnapshot = false;
        session = { n, ws, hello: msg, resume, closed: closed !== null, closeCode: closed };
        ws.send(JSON.stringify(welcomeFrame(n, resume, (cursor as number | null) ?? 0)));
        if (this.waiter) {
          const w = this.waiter;
          this.waiter = null;
          w(session);
        } else this.queue.push(session);
        return;
      }
      if (msg.t === 'ack') {
        if (Number.isSafeInteger(msg.seq)) this.acks.push(msg.seq as number);
        else this.problems.push(`bad ack: ${text}`);
      } else if (msg.t === 'command' && typeof msg.id === 'string') {
        this.commands.set(msg.id, (this.commands.get(msg.id) ?? 0) + 1);
      } else this.problems.push(`unexpected frame from the console: ${text.slice(0, 200)}`);
    });
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

let pings = 0;
/** Sends one frame, then a ping: resolves 'ok' on its pong, 'closed' if the connection closes first. */
function deliver(s: Session, data: string | Buffer, binary: boolean, what = ''): Promise<'ok' | 'closed'> {
  if (s.closed) return Promise.resolve('closed');
  return new Promise((resolve, reject) => {
    const token = String(++pings);
    const done = () => {
      clearTimeout(timer);
      s.ws.off('pong', onPong);
      s.ws.off('close', onClose);
    };
    const onPong = (d: Buffer) => {
      if (d.toString() !== token) return;
      done();
      resolve('ok');
    };
    const onClose = () => {
      done();
      resolve('closed');
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`seed=${SEED}: neither pong nor close within 15 s after ${what}: ${preview(data)}`));
    }, 15_000);
    s.ws.on('pong', onPong);
    s.ws.once('close', onClose);
    s.ws.send(data, { binary });
    s.ws.ping(token);
  });
}

// ── The model (spec §1–§6) ────────────────────────────────────────────

interface Snap {
  asOf: number;
  nextPart: number;
  bad: number;
  unknown: number;
}
interface Model {
  cursor: number | null;
  snap: Snap | null;
}
interface Expectation {
  what: string;
  close: 'must' | 'mustNot' | 'may';
  cursor: number | null;
  snapAfter: Snap | null;
  /** Quarantine rows this frame must add. */
  quarantine:
    | { type: 'none' }
    | { type: 'changes'; allowed: Set<number>; must: number[]; forbidden: number[] }
    | { type: 'snapshot'; min: number; max: number };
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const ROLES = ['duty_chief', 'call_taker', 'video_patroller'];

function validWelcome(f: Json): boolean {
  const op = f.operator;
  return (
    typeof f.session === 'string' && isSeq(f.head) && typeof f.server_time === 'string' &&
    (f.resume === 'replay' || f.resume === 'snapshot') && Number.isSafeInteger(f.window) && (f.window as number) > 0 &&
    typeof f.tz === 'string' && f.tz.length > 0 &&
    isObject(op) && typeof op.id === 'string' && typeof op.name === 'string' && ROLES.includes(op.role as string)
  );
}

/** What the spec says the console does with `payload`; `labels[i]` describes items[i]. */
function predict(m: Model, data: string | Buffer, binary: boolean, labels: Label[]): Expectation {
  const same = { cursor: m.cursor, snapAfter: m.snap, quarantine: { type: 'none' as const } };
  const refused = (what: string): Expectation => ({ ...same, what, close: 'must', snapAfter: null });
  if (binary) return { ...same, what: 'binary: ignored', close: 'mustNot' };
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (bytes > MAX_FRAME) return refused('over 4 MiB: refused');
  if (Buffer.isBuffer(data) && !isUtf8(data)) return { ...same, what: 'invalid UTF-8 text', close: 'may' };
  let f: unknown;
  try {
    f = JSON.parse(String(data));
  } catch {
    return { ...same, what: 'not JSON: ignored', close: 'mustNot' };
  }
  if (!isObject(f) || typeof f.t !== 'string') return { ...same, what: 'no string t: ignored', close: 'mustNot' };
  const label = (i: number): Label => labels[i] ?? 'unknown';
  switch (f.t) {
    case 'changes': {
      const items = f.items;
      if (!Array.isArray(items)) return { ...same, what: 'changes without items', close: 'may' };
      if (m.snap || m.cursor === null) return refused('changes before a complete snapshot: refused');
      if (!items.every((it) => isObject(it) && isSeq(it.seq))) return refused('change without an integer seq: refused');
      const order = items.map((it, i) => ({ seq: (it as Json).seq as number, i })).sort((a, b) => a.seq - b.seq);
      let expected = m.cursor + 1;
      let gap = false;
      const applied: { seq: number; label: Label }[] = [];
      for (const { seq, i } of order) {
        if (seq < expected) continue;
        if (seq > expected) {
          gap = true;
          break;
        }
        applied.push({ seq, label: label(i) });
        expected++;
      }
      return {
        what: gap ? 'changes with a gap: prefix applied, refused' : applied.length ? 'changes applied' : 'changes: all duplicates',
        close: gap ? 'must' : 'mustNot',
        cursor: expected - 1,
        snapAfter: gap ? null : m.snap,
        quarantine: {
          type: 'changes',
          allowed: new Set(applied.filter((a) => a.label !== 'valid').map((a) => a.seq)),
          must: applied.filter((a) => a.label === 'bad').map((a) => a.seq),
          forbidden: applied.filter((a) => a.label === 'valid').map((a) => a.seq),
        },
      };
    }
    case 'snapshot': {
      if (!(isSeq(f.as_of) && isSeq(f.part) && typeof f.last === 'boolean' && Array.isArray(f.items))) {
        return { ...same, what: 'snapshot with a broken envelope', close: 'may' };
      }
      const current = m.snap ?? (f.part === 0 ? { asOf: f.as_of, nextPart: 0, bad: 0, unknown: 0 } : null);
      if (!current) return refused('snapshot not starting at part 0: refused');
      if (f.part !== current.nextPart || f.as_of !== current.asOf) return refused('snapshot part out of order: refused');
      const items = f.items as unknown[];
      const next: Snap = {
        asOf: current.asOf,
        nextPart: current.nextPart + 1,
        bad: current.bad + items.filter((_, i) => label(i) === 'bad').length,
        unknown: current.unknown + items.filter((_, i) => label(i) === 'unknown').length,
      };
      if (!f.last) return { ...same, what: 'snapshot part staged', close: 'mustNot', snapAfter: next };
      return {
        what: 'snapshot committed',
        close: 'mustNot',
        cursor: next.asOf,
        snapAfter: null,
        quarantine: { type: 'snapshot', min: next.bad, max: next.bad + next.unknown },
      };
    }
    case 'reset':
      return { ...refused('reset: cursor dropped, reconnect'), cursor: null };
    case 'welcome':
      return validWelcome(f) ? { ...same, what: 'valid welcome mid-session', close: 'mustNot' } : { ...same, what: 'invalid welcome', close: 'may' };
    case 'error':
      return { ...same, what: 'error frame', close: 'may' };
    case 'positions':
    case 'result':
    case 'notice':
      return { ...same, what: `${f.t} frame: no effect on the cache`, close: 'mustNot' };
    default:
      return { ...same, what: 'unknown t: ignored', close: 'mustNot' };
  }
}

// ── Frame generation ──────────────────────────────────────────────────

interface Planned {
  data: string | Buffer;
  binary: boolean;
  labels: Label[];
  how: string;
  /** Only item data was mutated and seqs are known-consecutive: quarantine must grow by exactly the bad items. */
  checked: boolean;
}

class Generator {
  private rev = 1;
  private lastChanges: string | null = null;
  private bigStrings = 0;
  highWater = 0;
  commandIds: string[] = [];

  constructor(private readonly rng: Rng) {}

  private item(seq: number, wantBad: boolean): { item: Json; label: Label; how: string } {
    const rng = this.rng;
    const kind: Kind = rng.pick(KINDS);
    const id = idOf(rng, kind);
    const rev = this.rev++;
    if (rng.chance(0.2)) {
      const item: Json = { seq, op: 'delete', kind, id, rev };
      if (!wantBad) return { item, label: 'valid', how: 'delete' };
      const breakers: [string, () => void][] = [
        ['id ""', () => (item.id = '')],
        ['id 5', () => (item.id = 5)],
        ['no id', () => delete item.id],
        ['rev -1', () => (item.rev = -1)],
        ['rev 1.5', () => (item.rev = 1.5)],
        ['rev "2"', () => (item.rev = '2')],
        ['no rev', () => delete item.rev],
        ['kind weather', () => (item.kind = 'weather')],
      ];
      const [how, apply] = rng.pick(breakers);
      apply();
      return { item, label: 'bad', how: `bad delete (${how})` };
    }
    const data = validEntity(rng, kind, id, rev);
    const item: Json = { seq, op: 'upsert', kind, data };
    if (!wantBad) return { item, label: 'valid', how: 'upsert' };
    const roll = rng.next();
    if (roll < 0.1) {
      item.kind = rng.pick(['weather', 'Incident', '', 'incidents']);
      return { item, label: 'bad', how: `unknown kind ${JSON.stringify(item.kind)}` };
    }
    if (roll < 0.2) {
      const op = rng.pick(['merge', 'UPSERT', 5, null, undefined]);
      if (op === undefined) delete item.op;
      else item.op = op;
      return { item, label: 'bad', how: `op ${JSON.stringify(op)}` };
    }
    if (roll < 0.25) {
      delete item.data;
      return { item, label: 'bad', how: 'upsert without data' };
    }
    const broken = breakData(rng, kind, data);
    item.data = broken.data;
    return { item, label: 'bad', how: `bad ${kind} data (${broken.how})` };
  }

  /** Items at seqs from..from+n-1; about a quarter certainly break §8. */
  private items(from: number, n: number, badRate = 0.25) {
    const out: { item: Json; label: Label; how: string }[] = [];
    for (let i = 0; i < n; i++) out.push(this.item(from + i, this.rng.chance(badRate)));
    return out;
  }

  private plan(frame: Json, labelled: { item: Json; label: Label }[], how: string, checked = false): Planned {
    const labels = new Map<unknown, Label>(labelled.map((l) => [l.item, l.label]));
    const items = Array.isArray(frame.items) ? (frame.items as unknown[]) : [];
    return { data: render(frame), binary: false, labels: items.map((it) => labels.get(it) ?? 'unknown'), how, checked };
  }

  /** Applies 1–3 blind mutations; items they touch (other than their seq) become 'unknown'. */
  private mutate(frame: Json, labelled: { item: Json; label: Label }[], times: number): string {
    const hows: string[] = [];
    for (let k = 0; k < times; k++) {
      const before = Array.isArray(frame.items) ? [...(frame.items as unknown[])] : [];
      const m = mutateStructure(this.rng, frame, this.rng.chance(0.02));
      if (!m) continue;
      hows.push(`${m.op}@${m.path.join('.')}`);
      if (m.path[0] === 'items' && typeof m.path[1] === 'number' && !(m.path.length === 3 && m.path[2] === 'seq' && m.op !== 'case')) {
        const touched = before[m.path[1]];
        for (const l of labelled) if (l.item === touched) l.label = 'unknown';
      }
    }
    return hows.join(', ');
  }

  private snapshotPlans(asOf: number): Planned[] {
    const rng = this.rng;
    const parts = rng.range(1, 3);
    const out: Planned[] = [];
    const hows: string[] = [];
    for (let p = 0; p < parts; p++) {
      const labelled: { item: Json; label: Label }[] = [];
      for (let i = rng.range(0, 8); i > 0; i--) {
        const kind: Kind = rng.pick(KINDS);
        const data = validEntity(rng, kind, idOf(rng, kind), this.rev++);
        if (rng.chance(0.25)) {
          if (rng.chance(0.15)) labelled.push({ item: rng.pick([{ kind: 'weather', data }, { data }, { kind }, { kind: 5, data }]) as Json, label: 'bad' });
          else labelled.push({ item: { kind, data: breakData(rng, kind, data).data }, label: 'bad' });
        } else labelled.push({ item: { kind, data }, label: 'valid' });
      }
      const frame: Json = { t: 'snapshot', as_of: asOf, part: p, last: p === parts - 1, items: labelled.map((l) => l.item) };
      let how = `snapshot as_of ${asOf} part ${p}/${parts}`;
      if (rng.chance(0.1)) how += ` mutated: ${this.mutate(frame, labelled, rng.range(1, 2))}`;
      hows.push(how);
      out.push(this.plan(frame, labelled, how));
    }
    if (parts > 1 && rng.chance(0.08)) {
      // A changes frame before the last part: a protocol error (§3).
      const c = this.items(asOf + 1, 1);
      out.splice(rng.range(1, parts - 1), 0, this.plan({ t: 'changes', items: c.map((x) => x.item) }, c, 'changes inside a snapshot'));
    } else if (parts > 1 && rng.chance(0.05)) {
      out.splice(rng.range(0, parts - 2), 1); // a missing part
    }
    return out;
  }

  private other(): Planned {
    const rng = this.rng;
    let frame: Json;
    switch (rng.int(7)) {
      case 0:
        frame = {
          t: 'positions',
          items: Array.from({ length: rng.range(0, 6) }, () => ({
            id: idOf(rng, 'volunteer'),
            lat: 24 + rng.next(),
            lng: 118 + rng.next(),
            ts: '2026-11-28T09:00:01+08:00',
            state: rng.pick(['available', 'busy', 'offline']),
          })),
        };
        break;
      case 1:
        frame = rng.chance(0.5)
          ? { t: 'result', id: this.commandIds.length && rng.chance(0.3) ? rng.pick(this.commandIds) : `cmd-${rng.int(1000)}`, ok: true, seq: rng.int(100) }
          : { t: 'result', id: `cmd-${rng.int(1000)}`, ok: false, code: rng.pick(['invalid', 'forbidden', 'not_found', 'conflict']), message: junkString(rng) };
        break;
      case 2:
        frame = { t: 'notice', level: rng.pick(['info', 'warn', 'fatal']), message: junkString(rng) };
        break;
      case 3:
        frame = { t: 'error', code: rng.pick(['bad_request', 'internal', 'forbidden', 'rate_limited']), message: junkString(rng) };
        break;
      case 4:
        frame = welcomeFrame(rng.int(100), rng.pick(['replay', 'snapshot']), this.highWater);
        break;
      case 5:
        frame = { t: rng.pick(['Changes', 'CHANGES', 'snapshots', 'ping', 'heartbeat', '', junkString(rng)]), items: [] };
        break;
      default:
        frame = { t: 'notice', level: 'info', message: 'x', extra: { deep: deepToken(rng.range(1_000, 50_000), false) } };
    }
    const mutated = rng.chance(0.6);
    const how = `${String(frame.t)}${mutated ? ` mutated: ${this.mutate(frame, [], rng.range(1, 3))}` : ''}`;
    return this.plan(frame, [], how);
  }

  next(m: Model, frameNo: number): Planned[] {
    const rng = this.rng;
    const c = m.cursor;
    if (frameNo % 3500 === 1000) {
      return [{ data: JSON.stringify({ t: 'notice', level: 'info', message: 'x'.repeat(MAX_FRAME) }), binary: false, labels: [], how: 'frame over 4 MiB', checked: false }];
    }
    if (c === null) {
      if (rng.chance(0.85)) return this.snapshotPlans(this.highWater + rng.int(4));
      return [this.other()];
    }
    const roll = rng.next();
    if (roll < 0.3) {
      // Checked: consecutive seqs right after the cursor; only `data` (or kind/op) broken.
      const labelled = this.items(c + 1, rng.range(1, 6));
      const items = labelled.map((l) => l.item);
      if (rng.chance(0.2)) rng.shuffle(items);
      if (rng.chance(0.1) && c > 0) {
        const dup = this.item(rng.range(Math.max(0, c - 5), c), rng.chance(0.5)).item;
        items.unshift(dup);
      }
      const frame: Json = { t: 'changes', items };
      if (rng.chance(0.05)) frame.x_platform = { build: junkString(rng) };
      const text = render(frame);
      this.lastChanges = text;
      return [{ ...this.plan(frame, labelled, `checked changes ${c + 1}..${c + labelled.length}: ${labelled.map((l) => l.how).join('; ')}`), checked: true }];
    }
    if (roll < 0.55) {
      const labelled = this.items(c + 1, rng.range(1, 6));
      const frame: Json = { t: 'changes', items: labelled.map((l) => l.item) };
      const items = frame.items as Json[];
      const hows: string[] = [];
      for (let k = rng.range(1, 2); k > 0 && items.length > 0; k--) {
        const picked: unknown = rng.pick(items);
        // An earlier mutation may have turned an item into a non-object; seq mutations then go to a stand-in.
        const target: Json = isObject(picked) ? picked : {};
        switch (rng.int(9)) {
          case 0:
            items.splice(rng.int(items.length + 1), 0, rng.pick(items));
            hows.push('duplicated item');
            break;
          case 1:
            if (items.length > 2) {
              items.splice(1 + rng.int(items.length - 2), 1);
              hows.push('gap (middle item dropped)');
            } else {
              target.seq = (target.seq as number) + rng.range(2, 5);
              hows.push('gap (seq bumped)');
            }
            break;
          case 2:
            rng.shuffle(items);
            hows.push('out of order');
            break;
          case 3: {
            const bad = rng.pick([1.5, -1, '7', null, 2 ** 53, 1e300, [1], { seq: 1 }]);
            target.seq = bad;
            hows.push(`seq ${JSON.stringify(bad)}`);
            break;
          }
          case 4:
            delete target.seq;
            hows.push('no seq');
            break;
          case 5:
            target.seq = Math.max(0, c - rng.int(3));
            hows.push('old seq');
            break;
          default:
            hows.push(this.mutate(frame, labelled, 1));
        }
      }
      return [this.plan(frame, labelled, `fuzzed changes from ${c + 1}: ${hows.join(', ')}`)];
    }
    if (roll < 0.62) return this.snapshotPlans(c + rng.int(4));
    if (roll < 0.8) return [this.other()];
    if (roll < 0.94) {
      const labelled = this.items(c + 1, rng.range(1, 3));
      const base = rng.chance(0.6) ? render({ t: 'changes', items: labelled.map((l) => l.item) }) : this.other().data.toString();
      const junk = junkPayload(rng, base);
      return [{ ...junk, labels: [], how: `junk: ${junk.how}`, checked: false }];
    }
    if (roll < 0.945) return [{ data: JSON.stringify({ t: 'reset', reason: rng.chance(0.5) ? junkString(rng) : 5 }), binary: false, labels: [], how: 'reset', checked: false }];
    if (roll < 0.955 && this.bigStrings < 25) {
      this.bigStrings++;
      const labelled = this.items(c + 1, 1, 0);
      const item = labelled[0]!.item;
      if (isObject(item.data)) item.data.x_blob = '长'.repeat(rng.range(100_000, 900_000));
      return [this.plan({ t: 'changes', items: [item] }, labelled, 'changes with a huge (valid) extra field')];
    }
    if (this.lastChanges) return [{ data: this.lastChanges, binary: false, labels: [], how: 'the last changes frame again', checked: false }];
    return [this.other()];
  }
}

// ── The test ──────────────────────────────────────────────────────────

function preview(data: string | Buffer): string {
  const s = typeof data === 'string' ? data : `<${data.length} bytes>`;
  return s.length > 600 ? `${s.slice(0, 600)}… (${s.length} chars)` : s;
}

describe('Platform Link fuzz', () => {
  it(`survives ${FRAMES} mutated frames, quarantines what breaks §8, and syncs correctly after (seed ${SEED})`, async () => {
    const errors: unknown[] = [];
    const collect = (e: unknown) => errors.push(e);
    process.on('uncaughtException', collect);
    process.on('unhandledRejection', collect);
    const dir = mkdtempSync(join(tmpdir(), 'egret-fuzz-'));
    const platform = new FakePlatform();
    await platform.listen();
    const data = await openDataDir(dir, { command: 'fuzz' });
    const link = new PlatformLink({ data, url: platform.url, token: 'demo-chief', consoleId: 'ws-fuzz', logger: silentLogger, random: () => 0 });
    const ro = new Database(cachePath(dir), { readonly: true, fileMustExist: true });
    const started = Date.now();
    try {
      const readCursor = ro.prepare("SELECT value FROM meta WHERE key = 'cursor'").pluck();
      const newRows = ro.prepare('SELECT n, seq, kind, reason, raw FROM quarantine WHERE n > ? ORDER BY n');
      const dbCursor = () => (readCursor.get() as number | undefined) ?? null;
      const rng = seededRng(SEED);
      const gen = new Generator(rng);
      const counts = new Map<string, number>();
      const count = (key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);

      // Commands in the outbox: resent after every reconnect until a result.
      for (let i = 0; i < 3; i++) gen.commandIds.push(link.queueCommand('incident.note', { incident: `inc-00${i}`, text: '复核' }).id);

      link.start();
      let session = await platform.nextSession();
      let model: Model = { cursor: null, snap: null };
      let lastN = 0;
      let plan: Planned[] = [];
      let checkedFrames = 0;
      let checkedBad = 0;
      let rewinds = 0;

      for (let i = 0; i < FRAMES; i++) {
        if (plan.length === 0) plan = gen.next(model, i);
        const p = plan.shift()!;
        const exp = predict(model, p.data, p.binary, p.labels);
        const result = await deliver(session, p.data, p.binary, `frame #${i} session ${session.n} (${p.how}; model: ${exp.what})`);
        await link.settled(); // changes frames are applied on the next turn of the event loop
        const closed = result === 'closed';
        const where = () =>
          `seed=${SEED} frame #${i} session ${session.n}: ${p.how}\n  model: ${exp.what} (cursor ${String(model.cursor)} → ${String(exp.cursor)}, close: ${exp.close}, closed: ${closed}${closed ? ` code ${String(session.closeCode)}` : ''})\n  frame: ${preview(p.data)}`;
        if (exp.close === 'must' && !closed) throw new Error(`the console should have refused the frame (closed and reconnected)\n${where()}`);
        if (exp.close === 'mustNot' && closed) throw new Error(`the console closed the connection on a frame it must ignore or apply\n${where()}`);

        const cursor = dbCursor();
        if (cursor !== exp.cursor) throw new Error(`cursor in cache.db is ${String(cursor)}, expected ${String(exp.cursor)}\n${where()}`);
        if (link.status().cursor !== cursor) throw new Error(`link.status().cursor ${String(link.status().cursor)} ≠ cache.db ${String(cursor)}\n${where()}`);
        if (exp.what === 'changes applied' || exp.what.startsWith('changes with a gap')) {
          // Forward only, by contiguous seqs (the model applied exactly cursor+1..exp.cursor).
          if (model.cursor === null || (exp.cursor as number) < model.cursor) throw new Error(`cursor moved backwards\n${where()}`);
        }
        if (exp.what === 'snapshot committed' && model.cursor !== null && (exp.cursor as number) < model.cursor) rewinds++;

        const rows = newRows.all(lastN) as { n: number; seq: number | null; kind: string | null; reason: string; raw: string }[];
        if (rows.length) lastN = rows.at(-1)!.n;
        for (const r of rows) {
          if (typeof r.reason !== 'string' || r.reason.trim() === '') throw new Error(`quarantine row ${r.n} without a reason\n${where()}`);
          if (typeof r.raw !== 'string' || r.raw === '') throw new Error(`quarantine row ${r.n} without the raw item\n${where()}`);
        }
        const q = exp.quarantine;
        if (q.type === 'none' && rows.length) throw new Error(`${rows.length} quarantine rows from a frame that applies nothing\n${where()}`);
        if (q.type === 'changes') {
          const seqs = rows.map((r) => r.seq);
          if (new Set(seqs).size !== seqs.length) throw new Error(`one seq quarantined twice: ${seqs.join(',')}\n${where()}`);
          for (const s of seqs) {
            if (s === null || !q.allowed.has(s)) throw new Error(`quarantined seq ${String(s)} which was not a possibly-bad applied item (rows: ${JSON.stringify(rows)})\n${where()}`);
          }
          for (const s of q.must) if (!seqs.includes(s)) throw new Error(`the item at seq ${s} breaks §8 and was applied, but is not in quarantine\n${where()}`);
          if (p.checked && !closed) {
            checkedFrames++;
            checkedBad += q.must.length;
            if (rows.length !== q.must.length) throw new Error(`checked frame: quarantine grew by ${rows.length}, expected exactly ${q.must.length}\n${where()}`);
          }
        }
        if (q.type === 'snapshot') {
          if (rows.some((r) => r.seq !== null)) throw new Error(`snapshot quarantine rows carry a seq\n${where()}`);
          if (rows.length < q.min || rows.length > q.max) throw new Error(`snapshot quarantined ${rows.length} items, expected ${q.min}..${q.max}\n${where()}`);
        }
        count(`model: ${exp.what}`);
        count(closed ? 'outcome: refused (closed, reconnected)' : rows.length ? 'outcome: applied with quarantine' : cursor !== model.cursor ? 'outcome: applied' : 'outcome: ignored / no cache effect');
        count('quarantined items', rows.length);

        model = { cursor: exp.cursor, snap: closed ? null : exp.snapAfter };
        if (model.cursor !== null) gen.highWater = Math.max(gen.highWater, model.cursor);
        if (closed) {
          plan = [];
          session = await platform.nextSession();
          count('reconnects');
          if (session.hello.cursor !== model.cursor) {
            throw new Error(`seed=${SEED}: hello after frame #${i} carries cursor ${String(session.hello.cursor)}, expected ${String(model.cursor)}`);
          }
        }
      }

      // Every cached entity holds its data as JSON, matching its columns.
      for (const kind of KINDS) {
        for (const row of ro.prepare(`SELECT id, rev, data FROM ${kind}`).iterate() as Iterable<{ id: string; rev: number; data: string }>) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(row.data);
          } catch {
            throw new Error(`seed=${SEED}: ${kind} ${row.id} holds data that is not JSON: ${row.data.slice(0, 100)}`);
          }
          if (!isObject(parsed) || parsed.id !== row.id || parsed.rev !== row.rev) {
            throw new Error(`seed=${SEED}: ${kind} ${row.id} rev ${row.rev} holds data of another entity: ${row.data.slice(0, 200)}`);
          }
        }
      }

      // ── A final, valid snapshot and changes: the export must equal the platform's state.
      const fuzzMs = Date.now() - started;
      platform.forceSnapshot = true;
      session.ws.close(4000, 'rebalancing');
      session = await platform.nextSession();
      expect(session.resume).toBe('snapshot');
      expect(session.hello.cursor).toBe(model.cursor);
      const frng = seededRng(SEED ^ 0xf1a1);
      const state = new Map<Kind, Map<string, Json>>(KINDS.map((k) => [k, new Map()]));
      const BIG = 1_000_000_000;
      const asOf = gen.highWater + 3;
      const snapshotItems: Json[] = [];
      for (const kind of KINDS) {
        for (let i = 0; i < 12; i++) {
          const id = idOf(frng, kind);
          const entity = validEntity(frng, kind, id, BIG + i);
          state.get(kind)!.set(id, entity);
        }
        for (const entity of state.get(kind)!.values()) snapshotItems.push({ kind, data: entity });
      }
      for (let p = 0, at = 0; at < snapshotItems.length; p++, at += 25) {
        const last = at + 25 >= snapshotItems.length;
        const r = await deliver(session, JSON.stringify({ t: 'snapshot', as_of: asOf, part: p, last, items: snapshotItems.slice(at, at + 25) }), false);
        expect(r, `seed=${SEED}: final snapshot part ${p}`).toBe('ok');
      }
      let seq = asOf;
      for (let f = 0; f < 6; f++) {
        const items: Json[] = [];
        for (let k = 0; k < 8; k++) {
          const kind = frng.pick(KINDS);
          const known = [...state.get(kind)!.keys()];
          if (known.length && frng.chance(0.2)) {
            const id = frng.pick(known);
            state.get(kind)!.delete(id);
            items.push({ seq: ++seq, op: 'delete', kind, id, rev: BIG + 500 + seq });
          } else {
            const id = known.length && frng.chance(0.5) ? frng.pick(known) : `fin-${kind}-${seq}`;
            const entity = validEntity(frng, kind, id, BIG + 500 + seq);
            state.get(kind)!.set(id, entity);
            items.push({ seq: ++seq, op: 'upsert', kind, data: entity });
          }
        }
        expect(await deliver(session, JSON.stringify({ t: 'changes', items }), false), `seed=${SEED}: final changes ${f}`).toBe('ok');
      }
      // Results for the outbox, so it drains.
      for (const id of gen.commandIds) await deliver(session, JSON.stringify({ t: 'result', id, ok: true, seq: null }), false);
      const quarantineBefore = data.cache.quarantineCount();
      await waitUntil(() => dbCursor() === seq && link.status().state === 'live', 5_000, `cursor ${seq}`);
      expect(data.cache.quarantineCount()).toBe(quarantineBefore);
      expect(link.status().quarantine, 'status().quarantine equals the quarantine table').toBe(data.cache.quarantineCount());
      expect(data.state.pendingCount()).toBe(0);
      for (const kind of KINDS) {
        const expected = [...state.get(kind)!.values()]
          .sort((a, b) => Buffer.compare(Buffer.from(a.id as string), Buffer.from(b.id as string)))
          .map((e) => JSON.stringify(e));
        const mine = [...exportKind(dir, kind)];
        expect(mine, `seed=${SEED}: export of ${kind}`).toEqual(expected);
      }
      await waitUntil(() => platform.acks.at(-1) === seq, 5_000, `ack ${seq}`);

      // The link is still fine and nothing escaped.
      expect(platform.problems, `seed=${SEED}`).toEqual([]);
      expect(errors, `seed=${SEED}: uncaught exceptions / unhandled rejections`).toEqual([]);
      expect(Math.max(...platform.acks)).toBeLessThanOrEqual(seq);
      for (const id of gen.commandIds) expect(platform.commands.get(id) ?? 0).toBeGreaterThan(0);

      const summary = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `  ${k}: ${v}`).join('\n');
      console.log(
        `Platform Link fuzz, seed ${SEED}: ${FRAMES} frames in ${fuzzMs} ms over ${platform.connections} connections; ` +
          `${checkedFrames} checked frames with ${checkedBad} certainly-bad items; ${rewinds} snapshot rewinds\n${summary}`,
      );
      expect(FRAMES).toBeGreaterThanOrEqual(10_000);
    } finally {
      process.off('uncaughtException', collect);
      process.off('unhandledRejection', collect);
      ro.close();
      await link.close();
      await data.close();
      await platform.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  // Found by this fuzzer (seed 1592650215, frame #4212, with EGRET_FUZZ_DEEP=1). These fail
  // today — `it.fails` keeps the suite green — and should pass once prepare.ts is fixed.
  const deepArray = () => JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) as unknown;

  it('a deeply nested array as a snapshot item is quarantined, not thrown out of the message handler', () => {
    expect(() => prepareSnapshotItem(deepArray())).not.toThrow();
  });

  it('a valid entity with a deeply nested extra field keeps its data as JSON (or is quarantined)', () => {
    const data = { ...validEntity(seededRng(1), 'incident', 'inc-deep', 1), x_extra: deepArray() };
    const prepared = prepareChange({ seq: 1, op: 'upsert', kind: 'incident', data }, 1);
    if (prepared.op === 'upsert') expect((JSON.parse(prepared.row.at(-1) as string) as { id: string }).id).toBe('inc-deep');
    else expect(prepared.op).toBe('quarantine');
  });
});
