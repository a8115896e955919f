import { describe, expect, it } from 'vitest';
import { dayBounds, localDate, localHour } from './day.ts';

describe('platform days', () => {
  it('start at local midnight in Asia/Shanghai, whatever the workstation zone', () => {
    const at = Date.parse('2026-11-28T00:30:00+08:00'); // 16:30 UTC the day before
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-28');
    const { start, end, date } = dayBounds(at, 'Asia/Shanghai');
    expect(date).toBe('2026-11-28');
    expect(new Date(start).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(end - start).toBe(24 * 3600_000);
  });

  it('a new day starts exactly at 00:00 platform time', () => {
    const beforeMidnight = Date.parse('2026-11-28T23:59:59.999+08:00');
    const atMidnight = Date.parse('2026-11-29T00:00:00+08:00');
    expect(dayBounds(beforeMidnight, 'Asia/Shanghai').date).toBe('2026-11-28');
    expect(dayBounds(atMidnight, 'Asia/Shanghai').date).toBe('2026-11-29');
    expect(dayBounds(atMidnight, 'Asia/Shanghai').start).toBe(atMidnight);
    expect(localHour(atMidnight - 1, 'Asia/Shanghai')).toBe(23);
    expect(localHour(atMidnight, 'Asia/Shanghai')).toBe(0);
  });

  it('gives local hours right on both sides of a daylight-saving change', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 29 March 2026: 01:59 CET is followed by 03:00 CEST.
    const change = Date.parse('2026-03-29T01:00:00Z');
    for (let i = 0; i < 3; i++) {
      // Asked repeatedly (the answers are remembered), always the same.
      expect(localHour(change - 1, 'Europe/Berlin')).toBe(1);
      expect(localHour(change, 'Europe/Berlin')).toBe(3);
      expect(localHour(change + 59 * 60_000, 'Europe/Berlin')).toBe(3);
    }
  });

  it('handles a zone with daylight saving (a 23-hour day)', () => {
    const { start, end } = dayBounds(Date.parse('2026-03-08T12:00:00-04:00'), 'America/New_York');
    expect(new Date(start).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(end - start).toBe(23 * 3600_000);
  });
});
