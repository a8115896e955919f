import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { planOf } from '../../../tests/support/query-plan.ts';
import { TODAY_SQL, todayStats } from './today.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';

// The dashboard's figures against the same figures computed here
// independently, from the entities as generated, in the platform's zone.

const TZ = 'Asia/Shanghai';
const HOUR = 3600_000;
/** Midnight 2026-11-28 in Shanghai. */
const DAY0 = Date.parse('2026-11-28T00:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function seeded(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Calls and incidents over the 48 hours from yesterday's midnight. */
function cityData() {
  const random = seeded(42);
  const calls: { id: string; received: number; answered: number | null }[] = [];
  const incidents: { id: string; reported: number; category: string; priority: number; status: string; due: number | null }[] = [];
  for (let i = 0; i < 600; i++) {
    const received = DAY0 - 24 * HOUR + Math.floor(random() * 48 * HOUR);
    const answered = random() < 0.9 ? received + Math.floor(random() * 40_000) : null;
    calls.push({ id: `call-${i}`, received, answered });
  }
  const statuses = ['new', 'verified', 'dispatched', 'on_scene', 'resolved', 'closed'];
  for (let i = 0; i < 300; i++) {
    incidents.push({
      id: `inc-${i}`,
      reported: DAY0 - 24 * HOUR + Math.floor(random() * 48 * HOUR),
      category: random() < 0.3 ? 'criminal.theft' : 'traffic.collision',
      priority: 1 + Math.floor(random() * 4),
      status: statuses[Math.floor(random() * statuses.length)]!,
      due: random() < 0.5 ? DAY0 + Math.floor(random() * 24 * HOUR) : null,
    });
  }
  return { calls, incidents };
}

function cacheOf(data: ReturnType<typeof cityData>) {
  const { cache } = CacheStore.open(tempDir('today'));
  let seq = 0;
  const items = [
    ...data.calls.map((c) =>
      prepareChange(
        { seq: ++seq, op: 'upsert', kind: 'call', data: { id: c.id, rev: 1, line: '110', received_at: iso(c.received), answered_at: c.answered === null ? null : iso(c.answered) } },
        seq,
      ),
    ),
    ...data.incidents.map((i) =>
      prepareChange(
        {
          seq: ++seq,
          op: 'upsert',
          kind: 'incident',
          data: incident(i.id, 1, { reported_at: iso(i.reported), category: i.category, priority: i.priority, status: i.status, due_at: i.due === null ? null : iso(i.due) }),
        },
        seq,
      ),
    ),
  ];
  cache.applyChanges(items, seq);
  return cache;
}

/** The figures, computed the plain way. */
function expected(data: ReturnType<typeof cityData>, now: number) {
  const dayOf = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(ms);
  const hourOf = (ms: number) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(ms));
  const today = dayOf(now);
  const yesterday = dayOf(Date.parse(`${today}T00:00:00+08:00`) - 1);
  const open = new Set(['new', 'verified', 'dispatched', 'accepted', 'on_scene']);
  const received = data.calls.filter((c) => dayOf(c.received) === today);
  const byHour = (day: string) => {
    const hours = new Array(24).fill(0);
    for (const c of data.calls) if (c.answered !== null && dayOf(c.answered) === day) hours[hourOf(c.answered)]++;
    return hours;
  };
  const openByPriority = [1, 2, 3, 4].map((p) => data.incidents.filter((i) => open.has(i.status) && i.priority === p).length);
  return {
    day: today,
    calls: { received: received.length, answered: received.filter((c) => c.answered !== null).length },
    incidents: {
      reported: data.incidents.filter((i) => dayOf(i.reported) === today).length,
      criminal: data.incidents.filter((i) => dayOf(i.reported) === today && i.category.startsWith('criminal')).length,
      open: openByPriority.reduce((a, b) => a + b, 0),
      overdue: data.incidents.filter((i) => open.has(i.status) && i.due !== null && i.due < now).length,
    },
    openByPriority,
    answeredByHour: { today: byHour(today), yesterday: byHour(yesterday) },
  };
}

describe("today's figures", () => {
  const data = cityData();
  const cache = cacheOf(data);

  for (const [label, now] of [
    ['mid-afternoon', DAY0 + 15.5 * HOUR],
    ['one millisecond before midnight', DAY0 + 24 * HOUR - 1],
    ['at midnight: a new day starts without a restart', DAY0 + 24 * HOUR],
    ['just after midnight', DAY0 + 24 * HOUR + 90_000],
  ] as const) {
    it(`equal an independent count (${label})`, () => {
      const stats = todayStats(cache.db, now, TZ);
      const want = expected(data, now);
      expect(stats).toMatchObject(want);
      expect(stats.calls.answerRate).toBeCloseTo(want.calls.received ? want.calls.answered / want.calls.received : 0, 10);
    });
  }

  it('roll over at 00:00 platform time: yesterday becomes the line, today starts empty', () => {
    const before = todayStats(cache.db, DAY0 + 24 * HOUR - 1, TZ);
    const after = todayStats(cache.db, DAY0 + 24 * HOUR, TZ);
    expect(after.day).toBe('2026-11-29');
    expect(after.answeredByHour.yesterday).toEqual(before.answeredByHour.today);
  });

  it('count each figure over its index, never by scanning calls or incidents', () => {
    const plan = (sql: string) => planOf(cache.db, sql, ...new Array<number>((sql.match(/\?/g) ?? []).length).fill(DAY0));
    expect(plan(TODAY_SQL.received)).toMatch(/SEARCH call USING COVERING INDEX call_received /);
    expect(plan(TODAY_SQL.answered)).toMatch(/SEARCH call USING COVERING INDEX call_received /);
    expect(plan(TODAY_SQL.answeredIn)).toMatch(/SEARCH call USING COVERING INDEX call_answered /);
    expect(plan(TODAY_SQL.reported)).toMatch(/SEARCH incident USING COVERING INDEX incident_reported /);
    expect(plan(TODAY_SQL.criminal)).toMatch(/SEARCH incident USING COVERING INDEX incident_reported /);
    expect(plan(TODAY_SQL.openByPriority)).toMatch(/SEARCH incident USING COVERING INDEX incident_board \(status=\?\)/);
    expect(plan(TODAY_SQL.openByPriority)).not.toMatch(/TEMP B-TREE/);
    expect(plan(TODAY_SQL.overdue)).toMatch(/SEARCH incident USING COVERING INDEX incident_status_due \(status=\? AND due_ms<\?\)/);
    for (const sql of Object.values(TODAY_SQL)) expect(plan(sql)).not.toMatch(/SCAN (call|incident)\b/);
  });
});
