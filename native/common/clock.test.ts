import { describe, expect, it } from 'vitest';
import { CLOCK_START_ENV, ClockStartError, clockFromEnv, clockStartingAt, parseClockStart } from './clock.ts';
import { localDate, localHour } from './day.ts';
import { FakeTimers } from './timers.ts';

const REAL_NOW = Date.parse('2026-12-01T17:41:00+08:00');

describe('the injectable start time (tests only)', () => {
  it('reads the start at first use and then runs at the real clock’s speed, its timers unchanged', () => {
    const real = new FakeTimers(REAL_NOW);
    const clock = clockStartingAt(Date.parse('2026-11-28T23:55:00+08:00'), real);
    expect(clock.now()).toBe(Date.parse('2026-11-28T23:55:00+08:00'));
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 6 * 60_000);
    real.advance(6 * 60_000);
    // Six real minutes later the city's day has rolled over.
    expect(fired).toEqual([Date.parse('2026-11-29T00:01:00+08:00')]);
    expect(localDate(clock.now(), 'Asia/Shanghai')).toBe('2026-11-29');
    expect(localHour(clock.now(), 'Asia/Shanghai')).toBe(0);
  });

  it('is the real clock when EGRET_CLOCK_START is unset or empty', () => {
    const real = new FakeTimers(REAL_NOW);
    expect(clockFromEnv({}, real)).toBe(real);
    expect(clockFromEnv({ [CLOCK_START_ENV]: '' }, real)).toBe(real);
  });

  it('starts at EGRET_CLOCK_START, in whatever zone it is written', () => {
    const real = new FakeTimers(REAL_NOW);
    expect(clockFromEnv({ [CLOCK_START_ENV]: '2026-11-28T00:05:00+08:00' }, real).now()).toBe(Date.parse('2026-11-27T16:05:00Z'));
    expect(clockFromEnv({ [CLOCK_START_ENV]: '2026-11-28T01:00:00Z' }, real).now()).toBe(Date.parse('2026-11-28T09:00:00+08:00'));
    expect(parseClockStart(' 2026-11-28T09:00:00.250+08:00 ')).toBe(Date.parse('2026-11-28T01:00:00.250Z'));
  });

  it.each([
    ['a local time without its zone (it would depend on the machine)', '2026-11-28T09:00:00'],
    ['a date alone', '2026-11-28'],
    ['an impossible date', '2026-13-45T09:00:00+08:00'],
    ['words', 'nine tomorrow'],
    ['a number', '1764291600000'],
  ])('refuses %s with a message naming the variable and the form it wants', (_what, value) => {
    const real = new FakeTimers(REAL_NOW);
    expect(() => clockFromEnv({ [CLOCK_START_ENV]: value }, real)).toThrow(ClockStartError);
    expect(() => clockFromEnv({ [CLOCK_START_ENV]: value }, real)).toThrow(/EGRET_CLOCK_START .*ISO 8601.*\+08:00/);
  });
});
