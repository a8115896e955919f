import { describe, expect, it } from 'vitest';
import { formatTime, timeAfter } from './time.ts';

describe('timeAfter', () => {
  it('adds to a Time and writes it in the same offset', () => {
    expect(timeAfter('2026-11-28T09:00:00+08:00', 120_000)).toBe('2026-11-28T09:02:00+08:00');
    expect(timeAfter('2026-11-28T23:59:30+08:00', 45_000)).toBe('2026-11-29T00:00:15+08:00');
    expect(timeAfter('2026-11-28T01:00:00Z', 1_500)).toBe('2026-11-28T01:00:01Z');
    expect(timeAfter('2026-03-01T10:00:00-05:30', 60_000)).toBe('2026-03-01T10:01:00-05:30');
  });

  it('agrees with formatTime in the platform zone', () => {
    const at = Date.parse('2026-11-28T09:00:00+08:00');
    expect(timeAfter(formatTime(at, 'Asia/Shanghai'), 3_600_000)).toBe(formatTime(at + 3_600_000, 'Asia/Shanghai'));
  });

  it('refuses a time without its offset', () => {
    expect(() => timeAfter('2026-11-28T09:00:00', 1000)).toThrow(/offset/);
    expect(() => timeAfter('soon', 1000)).toThrow(/offset/);
  });
});
