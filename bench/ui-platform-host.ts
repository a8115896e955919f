/**
 * The platform for the UI benchmark (bench/ui.bench.ts), in its own process as
 * in production: startPlatform, a bulk load of open incidents, a churn of
 * incident changes at a fixed rate, and marker changes whose platform-side
 * Date.now() the bench correlates with the moment the row shows on the board.
 *
 * Requests: {id, op, ...args}; replies: {id, ok, value | error}.
 */
import { servePlatformHost } from './remote-platform.ts';
import { startPlatform, type Platform } from '../native/simulator/index.ts';
import { OPEN_STATUSES, TITLE_WORDS, cst, makeIncident, rng } from './gen.ts';

type Request =
  | { id: number; op: 'start'; options: Parameters<typeof startPlatform>[0] }
  | { id: number; op: 'head' }
  | { id: number; op: 'bulkLoad'; incidents: number; markers: number }
  | { id: number; op: 'churnStart'; perSecond: number }
  | { id: number; op: 'churnStop' }
  | { id: number; op: 'markersStart'; everyMs: number; phase: string; kind: 'retitle' | 'insert' }
  | { id: number; op: 'markersStop' }
  | { id: number; op: 'stats' }
  | { id: number; op: 'close' };

let platform: Platform | null = null;

/** Open incident `n` of the board: gen.ts's incident, forced open, all priorities. */
const PRIORITY_WEIGHTS: readonly [number, number][] = [
  [1, 0.05],
  [2, 0.2],
  [3, 0.5],
  [4, 0.25],
];
const weighted = <T>(r: () => number, list: readonly [T, number][]): T => {
  let x = r();
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1]![0];
};

// The live state the churn edits (priority, status, title, rev), by index.
let ids: string[] = [];
let items: Record<string, unknown>[] = [];
let markerIds: string[] = [];
let markerItems: Record<string, unknown>[] = [];

function openIncident(n: number): Record<string, unknown> {
  const e = makeIncident(n, 'ui');
  const r = rng(991 + n);
  if (!(OPEN_STATUSES as readonly string[]).includes(e.status as string)) {
    e.status = OPEN_STATUSES[Math.floor(r() * OPEN_STATUSES.length)]!;
    delete e.merged_into;
    const reported = Date.parse(e.reported_at as string);
    e.due_at = cst(reported + 24 * 3600_000);
    if (e.status !== 'new' && e.status !== 'verified' && (e.departments as string[]).length === 0) {
      e.departments = [`dept-${e.district === '350203' ? 'siming' : 'huli'}-police`];
    }
  }
  e.priority = weighted(r, PRIORITY_WEIGHTS);
  return e;
}

// ── churn: realistic edits to random open incidents ─────────────────────
const NEXT: Record<string, string> = {
  new: 'verified',
  verified: 'dispatched',
  dispatched: 'accepted',
  accepted: 'on_scene',
  on_scene: 'on_scene',
};
const churnRng = rng(20261128);
let churnTimer: NodeJS.Timeout | null = null;
let churned = 0;
let churnLag = 0;

function churnOne(nowMs: number): void {
  const i = Math.floor(churnRng() * items.length);
  const prev = items[i]!;
  const next: Record<string, unknown> = { ...prev, rev: (prev.rev as number) + 1, updated_at: cst(nowMs) };
  const x = churnRng();
  if (x < 0.5) {
    // The incident moves on along the open flow.
    next.status = NEXT[prev.status as string] ?? 'verified';
    if (next.status === 'dispatched' && (prev.departments as string[]).length === 0) next.departments = ['dept-siming-police'];
  } else if (x < 0.7) {
    // Re-graded.
    next.priority = 1 + Math.floor(churnRng() * 4);
  } else {
    // The title is corrected / completed by the call taker.
    const word = TITLE_WORDS[Math.floor(churnRng() * TITLE_WORDS.length)]!;
    next.title = `${String(prev.title).split('（')[0]}（${word}）`;
  }
  items[i] = next;
  platform!.upsert('incident', next);
  churned++;
}

function churnStart(perSecond: number): void {
  const tickMs = 10;
  const t0 = performance.now();
  let done = 0;
  churnTimer = setInterval(() => {
    // Catch up to the schedule: exactly perSecond changes per second of wall time.
    const due = Math.floor(((performance.now() - t0) * perSecond) / 1000);
    const now = Date.now();
    const n = due - done;
    churnLag = Math.max(churnLag, n);
    for (let k = 0; k < n; k++) churnOne(now);
    done = due;
  }, tickMs);
}

// ── markers: changes whose platform-side Date.now() the page correlates ──
// `retitle`: a P1 `new` incident at the top gets a title carrying the marker.
// `insert`: a new P1 incident is reported now (the top of the board), the marker in its title.
let markerTimer: NodeJS.Timeout | null = null;
let markerSeq = 0;
const markerSent: { seq: number; id: string; at: number; phase: string }[] = [];

function markersStart(everyMs: number, phase: string, kind: 'retitle' | 'insert'): void {
  const fire = () => {
    const seq = ++markerSeq;
    const at = Date.now();
    let next: Record<string, unknown>;
    if (kind === 'retitle') {
      const k = seq % markerItems.length;
      const prev = markerItems[k]!;
      next = { ...prev, rev: (prev.rev as number) + 1, title: `⚑M${seq}⚑ 标记 ${at}`, updated_at: cst(at) };
      markerItems[k] = next;
    } else {
      next = {
        ...makeIncident(seq, 'p1'),
        id: `inc-ui-p1-${String(seq).padStart(5, '0')}`,
        rev: 1,
        priority: 1,
        status: 'new',
        departments: [],
        title: `⚑M${seq}⚑ 新一级警情 ${at}`,
        reported_at: cst(at),
        updated_at: cst(at),
        due_at: cst(at + 30 * 60_000),
      };
      delete next.merged_into;
    }
    platform!.upsert('incident', next);
    markerSent.push({ seq, id: next.id as string, at, phase });
  };
  markerTimer = setInterval(fire, everyMs);
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'start':
      platform = await startPlatform(req.options);
      return { url: platform.url, head: platform.head };
    case 'head':
      return platform!.head;
    case 'bulkLoad': {
      const t0 = performance.now();
      items = new Array(req.incidents);
      for (let i = 0; i < req.incidents; i++) items[i] = openIncident(i);
      ids = items.map((e) => e.id as string);
      // Markers: P1 `new`, reported after every generated incident, so they are the board's first rows.
      const latest = Math.max(Date.now(), Date.parse('2026-11-28T01:00:00Z')) - 60_000;
      markerItems = [];
      for (let k = 0; k < req.markers; k++) {
        const e = makeIncident(k, 'mark');
        const reported = latest - k * 1000;
        Object.assign(e, {
          id: `inc-ui-mark-${String(k).padStart(3, '0')}`,
          priority: 1,
          status: 'new',
          departments: [],
          title: `⚑M0⚑ 标记 ${k}`,
          reported_at: cst(reported),
          updated_at: cst(reported),
          due_at: cst(reported + 24 * 3600_000),
        });
        delete e.merged_into;
        markerItems.push(e);
      }
      markerIds = markerItems.map((e) => e.id as string);
      platform!.bulkLoad('incident', [...items, ...markerItems], { validate: false });
      return { head: platform!.head, ms: performance.now() - t0, markerIds, ids: ids.length };
    }
    case 'churnStart':
      churned = 0;
      churnLag = 0;
      churnStart(req.perSecond);
      return null;
    case 'churnStop':
      if (churnTimer) clearInterval(churnTimer);
      churnTimer = null;
      return { churned, maxBatch: churnLag };
    case 'markersStart':
      markersStart(req.everyMs, req.phase, req.kind);
      return null;
    case 'markersStop':
      if (markerTimer) clearInterval(markerTimer);
      markerTimer = null;
      return markerSent.splice(0);
    case 'stats':
      return platform!.openSessions.map((s) => ({ windowStalls: s.windowStalls, framesSent: s.framesSent, maxUnacked: s.maxUnacked }));
    case 'close':
      if (churnTimer) clearInterval(churnTimer);
      if (markerTimer) clearInterval(markerTimer);
      await platform?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

servePlatformHost<Request>(handle);
