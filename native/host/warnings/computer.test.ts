import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOpenStatus } from '../../api/rules.ts';
import type { Call, Incident, IncidentEvent } from '../../protocol/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../../store/cache-store.ts';
import { DEFAULT_WARNING_SETTINGS, Detector, detect, inputsFromEntities, markerNote, seededRandom, surgeSpans, type WarningInputs } from '../../warning/index.ts';
import { incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { WarningComputer, type ComputeRequest } from './computer.ts';
import { ThreadedWarningEngine } from './engine.ts';
import { KEPT_NULLS_FILE, readKeptNulls } from './kept-nulls.ts';
import { KEPT_SPAN_FILE } from './kept-span.ts';

const T0 = Date.parse('2026-12-01T15:00:00+08:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = 'Asia/Shanghai';
const iso = (ms: number) => new Date(ms).toISOString();
const settings = DEFAULT_WARNING_SETTINGS;
const none = { incidents: [], calls: [], events: [] };

/** Incidents, calls and events across the span and just outside it: phones in several forms, districts, a reopening. */
function entities() {
  const incidents = [
    incident('in-old', 1, { reported_at: iso(T0 - 30 * DAY), updated_at: iso(T0 - 30 * DAY) }),
    incident('in-a', 1, { reported_at: iso(T0 - 20 * DAY), caller: { name: '张', phone: '+86 138 0000 1111' }, departments: ['d1', 'd2'] }),
    incident('in-b', 2, { reported_at: iso(T0 - 2 * HOUR), caller: { phone: '138****1111' }, street: '滨海街道', lat: null, lng: null }),
    incident('in-c', 1, {
      reported_at: iso(T0 - HOUR),
      status: 'dispatched',
      due_at: iso(T0 - 10 * 60_000),
      departments: ['d3'],
      district: null,
      address: null,
    }),
    incident('in-future', 1, { reported_at: iso(T0 + HOUR) }),
  ] as unknown as Incident[];
  const calls = [
    { id: 'ca-1', rev: 1, line: '110', received_at: iso(T0 - 3 * DAY), district: '350206', incident: 'in-a' },
    { id: 'ca-2', rev: 1, line: '12345', received_at: iso(T0 - 10 * 60_000) },
    { id: 'ca-old', rev: 1, line: '119', received_at: iso(T0 - 29 * DAY - 1) },
  ] as unknown as Call[];
  const event = (id: string, at: number, kind: string, data: object | null, text?: string) =>
    ({
      id,
      rev: 1,
      incident: 'in-c',
      at: iso(at),
      actor: '王',
      kind,
      ...(data ? { data } : {}),
      ...(text ? { text } : {}),
    }) as unknown as IncidentEvent;
  const events = [
    event('ev-1', T0 - 50 * 60_000, 'status', { from: 'on_scene', to: 'resolved' }),
    event('ev-2', T0 - 40 * 60_000, 'status', { from: 'resolved', to: 'dispatched' }),
    event('ev-3', T0 - 30 * 60_000, 'status', { from: 'resolved', to: 'closed' }),
    event('ev-4', T0 - 20 * 60_000, 'note', null, '到场'),
  ];
  return { incidents, calls, events };
}

function cacheWith(dir: string, e: { incidents: object[]; calls: object[]; events: object[] }): CacheStore {
  const { cache } = CacheStore.open(dir);
  let seq = 0;
  const items = [
    ...e.incidents.map((data) => ({ kind: 'incident', data })),
    ...e.calls.map((data) => ({ kind: 'call', data })),
    ...e.events.map((data) => ({ kind: 'incident_event', data })),
  ];
  const changes = items.map((item) => prepareChange({ seq: ++seq, op: 'upsert', ...item }, seq));
  cache.applyChanges(changes, seq);
  cache.setMeta('tz', TZ);
  return cache;
}

/** Inputs in one order, whichever path built them. */
function sorted(inputs: WarningInputs): WarningInputs {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    ...inputs,
    incidents: [...inputs.incidents].sort(byId),
    calls: [...inputs.calls].sort(byId),
    reopened: [...inputs.reopened].sort((a, b) => a.at - b.at),
  };
}

const request = (extra: Partial<ComputeRequest> = {}): ComputeRequest => ({ now: T0, settings, reload: false, changed: none, ...extra });

const engines: ThreadedWarningEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

describe("early warning's inputs from the cache", () => {
  it('are what native/warning builds from the same entities', () => {
    const e = entities();
    const cache = cacheWith(tempDir('warning-inputs'), e);
    const computer = new WarningComputer(cache.db);
    computer.compute(request());
    const fromSql = sorted(computer.inputsAt(T0));
    // The cache's read leaves out the departments of incidents that cannot be overdue (closed, or without a deadline): only overdue counts them.
    const fromEntities = sorted(inputsFromEntities(e, T0, TZ));
    const overdueOnly = fromEntities.incidents.map((i) => (isOpenStatus(i.status) && i.dueAt !== null ? i : { ...i, departments: [] }));
    // Calls: only those the surge test counts (its spans), with how far back all of them reach.
    const spans = surgeSpans(T0, TZ);
    const inSpans = (t: number) => spans.starts.some((start) => t >= start && t < start + spans.spanMs);
    expect(fromSql).toEqual({
      ...fromEntities,
      incidents: overdueOnly,
      calls: fromEntities.calls.filter((c) => inSpans(c.receivedAt)),
      earliestCallAt: Math.min(...fromEntities.calls.map((c) => c.receivedAt)),
    });
    // Not trivially: the span, a masked phone, departments and the one reopening are in it.
    expect(fromSql.incidents.map((i) => [i.id, i.callerKey, i.departments])).toEqual([
      ['in-a', '13800001111', []],
      ['in-b', null, []],
      ['in-c', null, ['d3']],
    ]);
    expect(fromSql.calls.map((c) => [c.id, c.district])).toEqual([['ca-2', null]]);
    expect(fromSql.earliestCallAt).toBe(T0 - 3 * DAY);
    expect(fromSql.reopened).toEqual([{ incident: 'in-c', at: T0 - 40 * 60_000 }]);
    cache.close();
  });

  it('find the surges native/warning finds in all the calls, reading only the spans it counts', () => {
    // Four weeks of a call every 20 min in one district, then eight times as many in the last hour there.
    const calls: object[] = [];
    for (let t = T0 - 28 * DAY; t < T0 - HOUR; t += 20 * 60_000) {
      calls.push({ id: `c-${t}`, rev: 1, line: '110', received_at: iso(t), district: '350206' });
    }
    for (let k = 0; k < 24; k++) {
      calls.push({ id: `s-${k}`, rev: 1, line: '110', received_at: iso(T0 - HOUR + k * 150_000), district: '350206' });
    }
    const e = { incidents: [], calls, events: [] } as unknown as Parameters<typeof inputsFromEntities>[0];
    const cache = cacheWith(tempDir('warning-surge-spans'), e);
    const only = { ...settings, enabled: ['surge' as const] };
    const computer = new WarningComputer(cache.db);
    const fromSql = computer.compute({ ...request(), settings: only }).findings;
    const fromEntities = detect(inputsFromEntities(e, T0, TZ), only);
    expect(fromSql.length).toBeGreaterThan(0);
    expect(fromSql).toEqual(fromEntities);
    expect(computer.inputsAt(T0).calls.length).toBeLessThan(100);
    cache.close();
  });

  it('kept up to date from changed ids give what a full read gives', () => {
    const dir = tempDir('warning-refresh');
    const cache = cacheWith(dir, entities());
    const computer = new WarningComputer(cache.db);
    computer.compute(request());

    let seq = cache.cursor()!;
    const later = T0 + 5 * 60_000;
    const upserts = [
      { kind: 'incident', data: incident('in-d', 1, { reported_at: iso(later - 60_000) }) },
      { kind: 'incident', data: incident('in-b', 3, { reported_at: iso(T0 - 2 * HOUR), status: 'verified', street: '鼓浪屿街道' }) },
      { kind: 'call', data: { id: 'ca-3', rev: 1, line: '110', received_at: iso(later - 30_000), district: '350203' } },
      {
        kind: 'incident_event',
        data: {
          id: 'ev-5',
          rev: 1,
          incident: 'in-d',
          at: iso(later - 10_000),
          actor: '王',
          kind: 'status',
          data: { from: 'resolved', to: 'dispatched' },
        },
      },
    ].map((item) => prepareChange({ seq: ++seq, op: 'upsert', ...item }, seq));
    const outcome = cache.applyChanges(
      [...upserts, prepareChange({ seq: ++seq, op: 'delete', kind: 'incident', id: 'in-a', rev: 2 }, seq)],
      seq,
    );
    const ids = (kind: 'incident' | 'call' | 'incident_event') => {
      const c = outcome.changed.get(kind)!;
      return [...c.upserted, ...c.deleted];
    };
    computer.compute(request({ now: later, changed: { incidents: ids('incident'), calls: ids('call'), events: ids('incident_event') } }));

    const fresh = new WarningComputer(cache.db);
    fresh.compute(request({ now: later }));
    const incremental = sorted(computer.inputsAt(later));
    expect(incremental).toEqual(sorted(fresh.inputsAt(later)));
    expect(incremental.incidents.map((i) => i.id)).toEqual(['in-b', 'in-c', 'in-d']);
    expect(incremental.incidents[0]!.street).toBe('鼓浪屿街道');
    expect(incremental.reopened).toHaveLength(2);
    cache.close();
  });
});

describe('the span kept from a clean close to the next start', () => {
  /** A change told to the next start: a new incident, one edited, a reopening, one deleted. */
  function laterChanges(cache: CacheStore, later: number): ChangedIdsOf {
    let seq = cache.cursor()!;
    const outcome = cache.applyChanges(
      [
        { kind: 'incident', data: incident('in-d', 1, { reported_at: iso(later - 60_000) }) },
        { kind: 'incident', data: incident('in-b', 3, { reported_at: iso(T0 - 2 * HOUR), status: 'verified', street: '鼓浪屿街道' }) },
        {
          kind: 'incident_event',
          data: { id: 'ev-6', rev: 1, incident: 'in-d', at: iso(later - 10_000), actor: '王', kind: 'status', data: { from: 'resolved', to: 'dispatched' } },
        },
      ]
        .map((item) => prepareChange({ seq: ++seq, op: 'upsert', ...item }, seq))
        .concat(prepareChange({ seq: ++seq, op: 'delete', kind: 'incident', id: 'in-a', rev: 2 }, seq)),
      seq,
    );
    const ids = (kind: 'incident' | 'call' | 'incident_event') => {
      const c = outcome.changed.get(kind);
      return c ? [...c.upserted, ...c.deleted] : [];
    };
    return { incidents: ids('incident'), calls: ids('call'), events: ids('incident_event') };
  }
  type ChangedIdsOf = ComputeRequest['changed'];

  /** A cache of entities() and a computer that ran over it and kept its span at a clean close, at the cache's cursor. */
  function closedCleanly(name: string) {
    const dir = tempDir(name);
    const cache = cacheWith(dir, entities());
    const path = join(dir, KEPT_SPAN_FILE);
    const closing = new WarningComputer(cache.db, undefined, undefined, path);
    closing.compute(request({ reload: true }));
    const cursor = cache.cursor()!;
    closing.keep({ cursor, changed: none });
    const fresh = (now: number) => {
      const computer = new WarningComputer(cache.db);
      return { computer, result: computer.compute(request({ now, reload: true })) };
    };
    return { cache, path, cursor, fresh, starting: () => new WarningComputer(cache.db, undefined, undefined, path) };
  }

  it('with the changes told since, gives what a full read gives — and is what the start read', () => {
    const { cache, path, cursor, fresh, starting } = closedCleanly('warning-kept-span');
    expect(existsSync(path)).toBe(true);
    const later = T0 + 5 * 60_000;
    const changed = laterChanges(cache, later);
    const started = starting();
    const result = started.compute(request({ now: later, reload: true, resumeAt: cursor, changed }));
    expect(result.resumed).toBe(true);
    expect(existsSync(path)).toBe(false);
    const full = fresh(later);
    expect(result.findings).toEqual(full.result.findings);
    const resumed = sorted(started.inputsAt(later));
    expect(resumed).toEqual(sorted(full.computer.inputsAt(later)));
    // in-a deleted, in-b edited, in-d new: the told changes on top of the kept span.
    expect(resumed.incidents.map((i) => [i.id, i.street])).toEqual([
      ['in-b', '鼓浪屿街道'],
      ['in-c', null],
      ['in-d', null],
    ]);
    expect(resumed.reopened).toHaveLength(2);
    cache.close();
  });

  it('is what the start reads instead of the cache', () => {
    const { cache, cursor, fresh, starting } = closedCleanly('warning-kept-span-read');
    // Written behind the link's back (no cursor moved, nothing told): only a read of the cache would see it.
    cache.db.prepare("UPDATE incident SET street = '未告知' WHERE id = 'in-c'").run();
    const started = starting();
    started.compute(request({ reload: true, resumeAt: cursor }));
    expect(started.inputsAt(T0).incidents.find((i) => i.id === 'in-c')?.street).toBeNull();
    expect(fresh(T0).computer.inputsAt(T0).incidents.find((i) => i.id === 'in-c')?.street).toBe('未告知');
    cache.close();
  });

  it('at a cursor the cache has moved from, is not used: the span is read from the cache', () => {
    const { cache, path, fresh, starting } = closedCleanly('warning-kept-span-moved');
    // Changes after the kept cursor that the next start is not told of (a batch after the close's last told one).
    const later = T0 + 5 * 60_000;
    laterChanges(cache, later);
    const started = starting();
    expect(started.compute(request({ now: later, reload: true, resumeAt: cache.cursor()!, changed: none })).resumed).toBe(false);
    expect(existsSync(path)).toBe(false);
    expect(sorted(started.inputsAt(later))).toEqual(sorted(fresh(later).computer.inputsAt(later)));
    expect(started.inputsAt(later).incidents.map((i) => i.id).sort()).toEqual(['in-b', 'in-c', 'in-d']);
    cache.close();
  });

  it('is kept by the thread at a clean close, with the changes not yet run', async () => {
    const dir = tempDir('warning-kept-span-thread');
    const cache = cacheWith(dir, entities());
    const engine = await ThreadedWarningEngine.start({ dir });
    await engine.compute(request({ reload: true }));
    const changed = laterChanges(cache, T0 + 60_000);
    await engine.close({ cursor: cache.cursor()!, changed });
    const started = new WarningComputer(cache.db, undefined, undefined, join(dir, KEPT_SPAN_FILE));
    started.compute(request({ now: T0 + 60_000, reload: true, resumeAt: cache.cursor()!, changed: none }));
    expect(existsSync(join(dir, KEPT_SPAN_FILE))).toBe(false);
    expect(started.inputsAt(T0 + 60_000).incidents.map((i) => i.id).sort()).toEqual(['in-b', 'in-c', 'in-d']);
    cache.close();
  });
});

describe("the cluster nulls kept between the console's runs", () => {
  /** Thefts and noise over a week in a few hundred metres, some in the last hours: both families are scanned. */
  function thefts(): { incidents: object[]; calls: object[]; events: object[] } {
    const incidents = Array.from({ length: 60 }, (_, i) =>
      incident(`th-${i}`, 1, {
        category: i % 3 === 0 ? 'public_order.noise' : 'criminal.theft',
        lat: 24.48 + ((i * 37) % 60) / 6000,
        lng: 118.09 + ((i * 53) % 60) / 6000,
        // A sixth in the last 6 hours, the rest over the week before.
        reported_at: iso(T0 - (i % 6 === 0 ? (i / 10) * HOUR : 8 * HOUR + ((i * 2.7) % 160) * HOUR) - 60_000),
      }),
    );
    return { incidents, calls: [], events: [] };
  }

  it('are written beside the cache, and a restart within the day takes them instead of drawing them again', () => {
    const dir = tempDir('warning-kept-nulls');
    const cache = cacheWith(dir, thefts());
    const path = join(dir, KEPT_NULLS_FILE);
    const first = new Detector(seededRandom(1));
    const before = new WarningComputer(cache.db, first, path).compute(request({ reload: true }));
    expect(first.nullsDrawn).toBeGreaterThan(0);
    expect(readKeptNulls(path).map((n) => n.family).sort()).toEqual(first.keptNulls().map((n) => n.family).sort());

    const restarted = new Detector(seededRandom(2));
    const after = new WarningComputer(cache.db, restarted, path).compute(request({ now: T0 + 60_000, reload: true }));
    expect(restarted.nullsDrawn).toBe(0);
    expect(after.findings).toEqual(before.findings);

    // Drawn for other settings they do not fit: drawn again, and the file follows.
    const otherSettings = new Detector(seededRandom(3));
    const stricter = { ...settings, clusterMinIncidents: 5 };
    new WarningComputer(cache.db, otherSettings, path).compute(request({ now: T0 + 2 * 60_000, reload: true, settings: stricter }));
    expect(otherSettings.nullsDrawn).toBeGreaterThan(0);
    expect(readKeptNulls(path).every((n) => n.at === T0 + 2 * 60_000)).toBe(true);
    cache.close();
  });

  it('a file that is not theirs is left to be overwritten: nothing fails, the nulls are drawn', () => {
    const dir = tempDir('warning-kept-nulls-bad');
    const cache = cacheWith(dir, thefts());
    const path = join(dir, KEPT_NULLS_FILE);
    for (const text of ['{"v":1,"nulls":[{"family":"criminal.theft","N":1,"W":1,"settings":"x","at":0,"maxima":[-1]}]}', '{"v":9}', 'not json']) {
      writeFileSync(path, text);
      const detector = new Detector(seededRandom(1));
      const result = new WarningComputer(cache.db, detector, path).compute(request({ reload: true }));
      expect(detector.nullsDrawn).toBeGreaterThan(0);
      expect(result.findings).toEqual(new WarningComputer(cache.db, new Detector(seededRandom(1))).compute(request({ reload: true })).findings);
      expect(readKeptNulls(path).length).toBeGreaterThan(0);
    }
    cache.close();
  });
});

describe('the early-warning thread', { timeout: 60_000 }, () => {
  it('reads the cache on its own connection and posts the findings with the markers in their incidents’ notes', async () => {
    const dir = tempDir('warning-thread');
    const overdue = Array.from({ length: 5 }, (_, i) =>
      incident(`od-${i}`, 1, {
        status: 'dispatched',
        departments: ['dept-huli'],
        reported_at: iso(T0 - (10 - i) * HOUR),
        due_at: iso(T0 - (5 - i) * HOUR),
      }),
    );
    const handling = { action: 'acknowledged' as const, by: '李', at: T0 - 60_000, text: '' };
    const note = markerNote({ key: 'overdue:x', kind: 'overdue' }, handling, '【预警已确认】超期警情积压');
    const marker = { id: 'ev-m', rev: 1, incident: 'od-3', at: iso(T0 - 60_000), actor: '李', kind: 'note', text: note };
    const cache = cacheWith(dir, { incidents: overdue, calls: [], events: [marker] });

    const engine = await ThreadedWarningEngine.start({ dir });
    engines.push(engine);
    const result = await engine.compute(request({ reload: true }));
    const found = result.findings.find((f) => f.kind === 'overdue' && f.department === 'dept-huli');
    expect(found?.incidents.sort()).toEqual(['od-0', 'od-1', 'od-2', 'od-3', 'od-4']);
    expect(result.markers).toEqual([{ incident: 'od-3', key: 'overdue:x', kind: 'overdue', handling }]);
    expect(result.baselineDays).toBe(0);

    // Written by the host's connection after the thread read: the next run sees it.
    cache.applyChanges([prepareChange({ seq: 99, op: 'upsert', kind: 'incident', data: { ...overdue[0]!, id: 'od-5' } }, 99)], 99);
    const next = await engine.compute(request({ changed: { incidents: ['od-5'], calls: [], events: [] } }));
    expect(next.findings.find((f) => f.kind === 'overdue' && f.department === 'dept-huli')?.observed).toBe(6);
    cache.close();
  });
});
