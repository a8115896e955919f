import { describe, expect, it } from 'vitest';
import type { LinkStatus } from '../api/index.ts';
import { silentLogger } from '../common/logger.ts';
import { FakeTimers } from '../common/timers.ts';
import { LinkEmitter } from './link-events.ts';
import { StatusLine } from './link-status.ts';

/** A welcome from a platform in Shanghai whose clock agrees with ours (the fake clock starts at 01:00:00Z). */
const SHANGHAI_IN_STEP = { tz: 'Asia/Shanghai', serverTime: '2026-11-28T09:00:00+08:00' };

function line() {
  const timers = new FakeTimers(Date.parse('2026-11-28T01:00:00Z'));
  const events = new LinkEmitter();
  const sources = { cursor: 5 as number | null, progress: null as { nextPart: number; items: number } | null, retryAt: null as number | null, outbox: 0 };
  const l = new StatusLine(
    {
      timers,
      logger: silentLogger,
      events,
      sources: { cursor: () => sources.cursor, progress: () => sources.progress, retryAt: () => sources.retryAt, outbox: () => sources.outbox },
    },
    { state: 'offline', quarantine: 2 },
  );
  return { l, timers, events, sources };
}

describe('StatusLine: the link as operators see it', () => {
  it('reads the cursor, progress, next try and outbox afresh each time, and works out the lag', () => {
    const { l, sources, timers } = line();
    expect(l.status()).toEqual({
      state: 'offline',
      cursor: 5,
      head: null,
      lag: null,
      progress: null,
      retryAt: null,
      outbox: 0,
      quarantine: 2,
      lastError: null,
      since: '2026-11-28T01:00:00.000Z',
      platformClock: null,
    });
    l.welcomed(12, SHANGHAI_IN_STEP);
    Object.assign(sources, { progress: { nextPart: 3, items: 300 }, retryAt: timers.now() + 250, outbox: 4 });
    expect(l.status()).toMatchObject({ head: 12, lag: 7, progress: { parts: 3, items: 300 }, retryAt: '2026-11-28T01:00:00.250Z', outbox: 4 });
    l.reached(10);
    expect(l.status().head).toBe(12);
    l.reached(20);
    sources.cursor = 20;
    expect(l.status()).toMatchObject({ head: 20, lag: 0 });
  });

  it('`since` moves only when the state changes; every change is heard, and only worked out when someone listens', () => {
    const { l, timers, events } = line();
    let read = 0;
    const status = l.status.bind(l);
    l.status = () => (read++, status());
    l.setState('connecting');
    expect(read).toBe(0);
    const heard: LinkStatus[] = [];
    events.on('status', (s) => heard.push(s));
    timers.advance(1000);
    l.setState('connecting');
    timers.advance(1000);
    l.setState('live');
    expect(heard.map((s) => [s.state, s.since])).toEqual([
      ['connecting', '2026-11-28T01:00:00.000Z'],
      ['live', '2026-11-28T01:00:02.000Z'],
    ]);
  });

  it('keeps the last error until a welcome or a new sign-in clears it', () => {
    const { l, timers } = line();
    l.fail('socket', 'connect ECONNREFUSED');
    expect(l.hasError).toBe(true);
    expect(l.status().lastError).toEqual({ code: 'socket', message: 'connect ECONNREFUSED', at: new Date(timers.now()).toISOString() });
    l.welcomed(3, SHANGHAI_IN_STEP);
    expect(l.status().lastError).toBeNull();
    l.fail('cache', 'disk full');
    l.clearError();
    expect(l.hasError).toBe(false);
  });

  it('keeps the platform’s zone and how far its clock is ahead of ours, from each welcome', () => {
    const { l, timers } = line();
    expect(l.status().platformClock).toBeNull();
    l.welcomed(1, SHANGHAI_IN_STEP);
    expect(l.status().platformClock).toEqual({ tz: 'Asia/Shanghai', aheadMs: 0 });
    timers.advance(60_000);
    // 90 s behind: a workstation whose clock runs fast, or a platform whose clock is slow.
    l.welcomed(2, { tz: 'Asia/Urumqi', serverTime: '2026-11-28T06:59:30+06:00' });
    expect(l.status().platformClock).toEqual({ tz: 'Asia/Urumqi', aheadMs: -90_000 });
    l.welcomed(3, { tz: 'Asia/Shanghai', serverTime: 'not a time' });
    expect(l.status().platformClock).toEqual({ tz: 'Asia/Shanghai', aheadMs: 0 });
  });

  it('counts quarantined items and says so; data frames and welcomes are timed for `sync --exit-idle`', () => {
    const { l, timers, events } = line();
    const counts: number[] = [];
    let dataFrames = 0;
    events.on('quarantined', (n) => counts.push(n));
    events.on('dataFrame', () => dataFrames++);
    l.quarantined(0);
    l.quarantined(3);
    expect(counts).toEqual([3]);
    expect(l.status().quarantine).toBe(5);
    timers.advance(10);
    l.welcomed(40, SHANGHAI_IN_STEP);
    expect([l.lastWelcomeHead, l.lastDataFrameAt]).toEqual([40, timers.now()]);
    timers.advance(10);
    l.dataFrame();
    expect([l.lastDataFrameAt, dataFrames]).toEqual([timers.now(), 1]);
  });
});
