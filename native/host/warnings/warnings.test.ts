import { describe, expect, it } from 'vitest';
import type { Role, WarningsState } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { FakeTimers } from '../../common/timers.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../../store/cache-store.ts';
import { StateStore } from '../../store/state-store.ts';
import { markerNote, parseMarker } from '../../warning/index.ts';
import { incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { warningHandlers } from '../handlers/warnings.ts';
import type { ComputeRequest, KeepRequest } from './computer.ts';
import { earlyWarnings, inProcessEngine, MIN_GAP_MS, type WarningEngine } from './index.ts';

const T0 = Date.parse('2026-12-01T15:00:00+08:00');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Five incidents of one department past their deadline (an `overdue` warning, a rule: no chance in it), and one reopened. */
function overdueIncidents(prefix: string, n = 5) {
  return Array.from({ length: n }, (_, i) =>
    incident(`${prefix}-${i}`, 1, {
      status: 'dispatched',
      departments: ['dept-siming-police'],
      street: null,
      address: `莲前西路 ${i * 40} 号`,
      lat: 24.4798 + i * 0.01,
      lng: 118.0894,
      reported_at: iso(T0 - (10 - i) * HOUR),
      updated_at: iso(T0 - (10 - i) * HOUR),
      due_at: iso(T0 - (5 - i) * HOUR),
    }),
  );
}

/** A console signed in as `role` over a data dir (a second one reopens the same dir: a restart). */
function consoleAs(role: Role, dir = tempDir('warnings'), start = T0, engineOf?: (cache: CacheStore) => WarningEngine) {
  const state = StateStore.open(dir);
  const { cache } = CacheStore.open(dir);
  let seq = (cache.cursor() ?? 0) as number;
  const apply = (items: { kind: string; data: object }[]) => {
    const changes = items.map((item) => prepareChange({ seq: ++seq, op: 'upsert', kind: item.kind as never, data: item.data }, seq));
    const outcome = cache.applyChanges(changes, seq);
    return outcome;
  };
  state.setSignedInOperator({ id: 'op-chief', name: '王队长', role });
  const timers = new FakeTimers(start);
  const published: WarningsState[] = [];
  let waiting: ((s: WarningsState) => void) | null = null;
  const warnings = earlyWarnings({
    data: { state, cache },
    link: {
      queueCommands: (commands, by, alongside) =>
        state.db.transaction(() => {
          const queued = commands.map((c) => state.queue(c.name, c.args, by, timers.now()));
          alongside?.(queued);
          return queued;
        })(),
    },
    workstation: 'ws-07',
    timers,
    engine: () => Promise.resolve(engineOf ? engineOf(cache) : inProcessEngine(cache.db)),
    role: () => role,
    publish: (s) => {
      published.push(s);
      waiting?.(s);
      waiting = null;
    },
    logger: silentLogger,
  });
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: warningHandlers(warnings) as never, timers });
  const call = (method: string, params: unknown) => host.call(method, params, { label: 'test' });
  /** The next state published: a computation's result posted back (no sleep: the run is awaited through it). */
  const nextPublished = () => new Promise<WarningsState>((resolve) => (waiting = resolve));
  const audit = () => state.db.prepare('SELECT operator, role, action, target, result, detail FROM audit ORDER BY n').all();
  const close = async () => {
    await warnings.dispose();
    cache.close();
    state.close();
  };
  return { dir, state, cache, apply, timers, warnings, call, published, nextPublished, audit, close };
}

describe('early warning in the host', () => {
  it('computes once started, answers list at once, and keeps a warning’s key as it grows and across a restart', async () => {
    const c = consoleAs('duty_chief');
    c.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    // Nothing is computed before the start: list answers the empty state at once.
    expect(((await c.call('warnings.list', {})) as { result: WarningsState }).result).toMatchObject({
      computedAt: 0,
      warnings: [],
      open: 0,
    });

    const first = c.nextPublished();
    c.warnings.start();
    c.timers.advance(0);
    const state = await first;
    await c.warnings.settled();
    const overdue = state.warnings.filter((w) => w.kind === 'overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ status: 'open', department: 'dept-siming-police', observed: 5, raisedAt: T0, handling: null });
    expect(state.open).toBe(state.warnings.length);
    const key = overdue[0]!.key;

    // A sixth overdue incident of the department: the same warning grows, under the same key.
    const outcome = c.apply([{ kind: 'incident', data: overdueIncidents('late', 6)[5]! }]);
    const second = c.nextPublished();
    c.warnings.applied(outcome, 'changes');
    c.timers.advance(MIN_GAP_MS);
    const grown = (await second).warnings.find((w) => w.kind === 'overdue')!;
    expect(grown).toMatchObject({ key, observed: 6, raisedAt: T0 });
    await c.close();

    // A restart: the kept warning gives its key (and when it was raised) to what is found again.
    const again = consoleAs('duty_chief', c.dir, T0 + 10 * 60_000);
    const restarted = again.nextPublished();
    again.warnings.start();
    again.timers.advance(0);
    expect((await restarted).warnings.find((w) => w.kind === 'overdue')).toMatchObject({ key, raisedAt: T0, observed: 6 });
    await again.close();
  });

  it('offers its first run the span kept at the cursor it opened at, with every change told since; keeps it at a clean close', async () => {
    const dir = tempDir('warnings-kept-span');
    const seed = consoleAs('duty_chief', dir);
    seed.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    await seed.close();

    const requests: ComputeRequest[] = [];
    const kept: (KeepRequest | undefined)[] = [];
    const recording = (cache: CacheStore): WarningEngine => {
      const inner = inProcessEngine(cache.db);
      return {
        compute: (r) => (requests.push(r), inner.compute(r)),
        close: async (keep) => void kept.push(keep),
      };
    };
    const c = consoleAs('duty_chief', dir, T0, recording);
    const openedAt = c.cache.cursor();
    // A batch before the first run (the link catching up): told, and in the first run's changes.
    const early = c.apply([{ kind: 'incident', data: overdueIncidents('early', 6)[5]! }]);
    c.warnings.applied(early, 'changes');
    const first = c.nextPublished();
    c.warnings.start();
    c.timers.advance(0);
    await first;
    await c.warnings.settled();
    expect(requests[0]).toMatchObject({ reload: true, resumeAt: openedAt, changed: { incidents: ['early-5'] } });
    // Later runs are not offered it.
    const late = c.apply([{ kind: 'incident', data: overdueIncidents('late', 7)[6]! }]);
    const second = c.nextPublished();
    c.warnings.applied(late, 'changes');
    c.timers.advance(MIN_GAP_MS);
    await second;
    await c.warnings.settled();
    expect(requests[1]!.resumeAt).toBeUndefined();
    // A change told after the last run, then the close: kept with it, at the cursor it brought.
    const last = c.apply([{ kind: 'incident', data: overdueIncidents('last', 8)[7]! }]);
    c.warnings.applied(last, 'changes');
    const cursor = c.cache.cursor();
    await c.close();
    expect(kept).toEqual([{ cursor, changed: { incidents: ['last-7'], calls: [], events: [] } }]);
  });

  it('after a snapshot replaced the cache, offers no kept span', async () => {
    const requests: ComputeRequest[] = [];
    const c = consoleAs('duty_chief', tempDir('warnings-snapshot'), T0, (cache) => {
      const inner = inProcessEngine(cache.db);
      return { compute: (r) => (requests.push(r), inner.compute(r)), close: () => inner.close() };
    });
    c.warnings.applied({ changed: new Map() }, 'snapshot');
    c.warnings.start();
    c.timers.advance(0);
    await c.warnings.settled();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.resumeAt).toBeUndefined();
    await c.close();
  });

  it('waits for the link to be live, then lets the console start for a while before its first computation', async () => {
    const c = consoleAs('duty_chief');
    c.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    let state: 'connecting' | 'live' = 'connecting';
    let onStatus: ((s: { state: string }) => void) | null = null;
    const link = {
      status: () => ({ state }) as never,
      onStatus: (fn: (s: never) => void) => {
        onStatus = fn as never;
        return () => (onStatus = null);
      },
    };
    c.warnings.startWhenCaughtUp(link, 15_000, 10_000);
    c.timers.advance(5_000);
    state = 'live';
    onStatus!({ state: 'live' });
    c.timers.advance(9_000);
    await c.warnings.settled();
    expect(c.published).toEqual([]);
    const first = c.nextPublished();
    c.timers.advance(1_000);
    expect((await first).warnings.filter((w) => w.kind === 'overdue')).toHaveLength(1);
    await c.warnings.settled();
    await c.close();
  });

  it('acknowledging saves the handling, audits it with the note, and queues one marked note per incident', async () => {
    const c = consoleAs('duty_chief');
    c.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    const computed = c.nextPublished();
    c.warnings.start();
    c.timers.advance(0);
    const key = (await computed).warnings.find((w) => w.kind === 'overdue')!.key;
    await c.warnings.settled();
    c.timers.advance(1_000);

    const out = (await c.call('warnings.acknowledge', { key, note: '已通知思明分局' })) as { result: { status: string } };
    expect(out.result).toMatchObject({
      status: 'acknowledged',
      handling: { action: 'acknowledged', by: '王队长', at: T0 + 1_000, text: '已通知思明分局' },
    });
    expect(c.published.at(-1)!.warnings.find((w) => w.key === key)!.status).toBe('acknowledged');
    expect(c.published.at(-1)!.open).toBe(c.published.at(-1)!.warnings.filter((w) => w.status === 'open').length);

    const audit = c.audit() as { action: string; target: string | null; result: string; detail: string }[];
    expect(audit[0]).toMatchObject({ action: 'warnings.acknowledge', target: key, result: 'saved' });
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ note: '已通知思明分局', kind: 'overdue', notes: 5 });
    const notes = c.state.pending();
    expect(notes.map((n) => n.name)).toEqual(Array(5).fill('incident.note'));
    expect(notes.map((n) => (n.args as { incident: string }).incident).sort()).toEqual(['inc-0', 'inc-1', 'inc-2', 'inc-3', 'inc-4']);
    const text = (notes[0]!.args as { text: string }).text;
    expect(text.startsWith('【预警已确认】')).toBe(true);
    expect(parseMarker(text)).toEqual({
      key,
      kind: 'overdue',
      handling: { action: 'acknowledged', by: '王队长', at: T0 + 1_000, text: '已通知思明分局' },
    });
    expect(audit.slice(1).map((a) => [a.action, a.result])).toEqual(Array(5).fill(['incident.note', 'queued']));

    // The next computation keeps it acknowledged; an unknown key is not found and changes nothing.
    c.warnings.applied(c.apply([{ kind: 'incident', data: overdueIncidents('more', 6)[5]! }]), 'changes');
    c.timers.advance(MIN_GAP_MS);
    await c.warnings.settled();
    expect(c.published.at(-1)!.warnings.find((w) => w.key === key)).toMatchObject({ status: 'acknowledged', observed: 6 });
    expect(await c.call('warnings.acknowledge', { key: 'overdue:nope' })).toMatchObject({ code: 'not_found' });
    expect(c.state.pending()).toHaveLength(5);
    await c.close();
  });

  it('dismissing needs a reason; the duty chief alone may act, a call taker reads', async () => {
    const chief = consoleAs('duty_chief');
    chief.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    const computed = chief.nextPublished();
    chief.warnings.start();
    chief.timers.advance(0);
    const key = (await computed).warnings.find((w) => w.kind === 'overdue')!.key;
    expect(await chief.call('warnings.dismiss', { key, reason: '  ' })).toMatchObject({ code: 'invalid_params' });
    expect(await chief.call('warnings.dismiss', { key })).toMatchObject({ code: 'invalid_params' });
    expect(chief.state.pending()).toHaveLength(0);
    const out = (await chief.call('warnings.dismiss', { key, reason: '系统演练数据' })) as { result: { status: string } };
    expect(out.result.status).toBe('dismissed');
    expect(parseMarker((chief.state.pending()[0]!.args as { text: string }).text)?.handling.action).toBe('dismissed');
    await chief.close();

    const taker = consoleAs('call_taker');
    taker.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    const seen = taker.nextPublished();
    taker.warnings.start();
    taker.timers.advance(0);
    const takerKey = (await seen).warnings[0]!.key;
    expect(((await taker.call('warnings.list', {})) as { result: WarningsState }).result.warnings.length).toBeGreaterThan(0);
    expect(await taker.call('warnings.acknowledge', { key: takerKey })).toMatchObject({ code: 'forbidden' });
    expect(await taker.call('warnings.dismiss', { key: takerKey, reason: 'x' })).toMatchObject({ code: 'forbidden' });
    expect(await taker.call('warnings.setSettings', { repeatDays: 3 })).toMatchObject({ code: 'forbidden' });
    expect(taker.state.pending()).toHaveLength(0);
    await taker.close();
  });

  it('a marker note from another console’s chief on one of its incidents makes the warning handled', async () => {
    const c = consoleAs('duty_chief');
    c.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    const elsewhere = { action: 'dismissed' as const, by: '李副队', at: T0 - 60_000, text: '已在处置' };
    const note = markerNote({ key: 'overdue:from-another-console', kind: 'overdue' }, elsewhere, '【预警已排除】超期警情积压：已在处置');
    c.apply([
      {
        kind: 'incident_event',
        data: { id: 'ev-m', rev: 1, incident: 'inc-2', at: iso(T0 - 60_000), actor: '李副队', kind: 'note', text: note },
      },
    ]);
    const computed = c.nextPublished();
    c.warnings.start();
    c.timers.advance(0);
    const w = (await computed).warnings.find((x) => x.kind === 'overdue')!;
    expect(w).toMatchObject({ status: 'dismissed', handling: elsewhere });
    await c.close();
  });

  it('settings: defaults with what they promise; a patch is checked as a whole, audited, and recomputes', async () => {
    const c = consoleAs('duty_chief');
    const view = (
      (await c.call('warnings.settings', {})) as { result: { settings: { overdueMinIncidents: number }; expectedFalsePerDay: object } }
    ).result;
    expect(view.settings.overdueMinIncidents).toBe(5);
    expect(view.expectedFalsePerDay).toEqual({ cluster: expect.any(Number), surge: expect.any(Number) });

    expect(await c.call('warnings.setSettings', { overdueMinIncidents: 1 })).toMatchObject({ code: 'invalid_params' });
    expect(await c.call('warnings.setSettings', { enabled: ['overdue', 'overdue'] })).toMatchObject({ code: 'invalid_params' });
    expect(((await c.call('warnings.settings', {})) as { result: typeof view }).result).toEqual(view);

    c.apply(overdueIncidents('inc').map((data) => ({ kind: 'incident', data })));
    const first = c.nextPublished();
    c.warnings.start();
    c.timers.advance(0);
    expect((await first).warnings.some((w) => w.kind === 'overdue')).toBe(true);
    await c.warnings.settled();

    const off = (await c.call('warnings.setSettings', { enabled: ['cluster', 'surge'] })) as {
      result: { settings: { enabled: string[] } };
    };
    expect(off.result.settings.enabled).toEqual(['cluster', 'surge']);
    const after = c.nextPublished();
    c.timers.advance(MIN_GAP_MS);
    expect((await after).warnings.some((w) => w.kind === 'overdue')).toBe(false);
    const audit = c.audit() as { action: string; result: string }[];
    // The schema's refusal (a minimum) comes from the host before the handler; the whole's (a kind twice) is audited.
    expect(audit.map((a) => [a.action, a.result])).toEqual([
      ['warnings.setSettings', 'refused: invalid_params'],
      ['warnings.setSettings', 'saved'],
    ]);
    await c.close();
  });
});
