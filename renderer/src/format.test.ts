import { describe, expect, it } from 'vitest';
import {
  dayOf,
  formatClock,
  formatDateTime,
  formatElapsed,
  formatHourMinute,
  formatOnDay,
  hourLabel,
  isoTime,
  statusClock,
  timeFormatter,
} from './format.ts';

const XIAMEN = 'Asia/Shanghai';
/** 2025-03-14 00:00:05 in Xiamen (UTC+8), still the 13th in UTC. */
const JUST_AFTER_MIDNIGHT = Date.UTC(2025, 2, 13, 16, 0, 5);
/** 2025-03-14 09:05:30 in Xiamen. */
const MORNING = Date.UTC(2025, 2, 14, 1, 5, 30);

describe('times in the platform zone', () => {
  it('reads an instant in the zone given, whatever the machine zone', () => {
    expect(formatHourMinute(MORNING, 'en', XIAMEN)).toBe('09:05');
    expect(formatHourMinute(MORNING, 'en', 'UTC')).toBe('01:05');
    expect(formatHourMinute(MORNING, 'en', 'America/New_York')).toBe('21:05');
    expect(formatClock(MORNING, 'zh-CN', XIAMEN)).toBe('09:05:30');
  });

  it('writes midnight as 00, not 24, in both languages', () => {
    expect(formatClock(JUST_AFTER_MIDNIGHT, 'en', XIAMEN)).toBe('00:00:05');
    expect(formatClock(JUST_AFTER_MIDNIGHT, 'zh-CN', XIAMEN)).toBe('00:00:05');
    expect(formatHourMinute(JUST_AFTER_MIDNIGHT, 'en', XIAMEN)).toBe('00:00');
    expect(formatDateTime(JUST_AFTER_MIDNIGHT, 'en', XIAMEN)).toBe('03/14/2025, 00:00:05');
  });

  it('writes the date the way each language reads it', () => {
    expect(formatDateTime(MORNING, 'zh-CN', XIAMEN)).toBe('2025/03/14 09:05:30');
    expect(formatDateTime(MORNING, 'en', XIAMEN)).toBe('03/14/2025, 09:05:30');
    expect(formatDateTime('2025-03-14T09:05:30+08:00', 'zh-CN', XIAMEN)).toBe('2025/03/14 09:05:30');
  });

  it('falls back to local time for a zone it does not know, and keeps going', () => {
    expect(formatHourMinute(MORNING, 'en', 'Mars/Olympus')).toBe(formatHourMinute(MORNING, 'en'));
    expect(formatDateTime(MORNING, 'zh-CN', 'Mars/Olympus')).toBe(formatDateTime(MORNING, 'zh-CN'));
    expect(dayOf(MORNING, 'Mars/Olympus')).toBe(dayOf(MORNING));
  });

  it('shows an unreadable time as it came, and no time as empty', () => {
    expect(formatClock('soon', 'en')).toBe('soon');
    expect(formatDateTime('2025-13-45', 'en', XIAMEN)).toBe('2025-13-45');
    expect(formatDateTime(null, 'en')).toBe('');
    expect(formatDateTime(undefined, 'en')).toBe('');
    expect(formatDateTime('', 'en')).toBe('');
    expect(isoTime(Number.NaN)).toBe('');
    expect(isoTime(MORNING)).toBe('2025-03-14T01:05:30.000Z');
  });
});

describe('the day a time falls on', () => {
  it('is the calendar day in the zone', () => {
    expect(dayOf(JUST_AFTER_MIDNIGHT, XIAMEN)).toBe('2025-03-14');
    expect(dayOf(JUST_AFTER_MIDNIGHT, 'UTC')).toBe('2025-03-13');
    expect(dayOf('never')).toBeNull();
  });

  it('shows only the time on the day shown, the date too on any other', () => {
    expect(formatOnDay(MORNING, 'en', '2025-03-14', XIAMEN)).toBe('09:05');
    expect(formatOnDay(MORNING, 'en', '2025-03-15', XIAMEN)).toBe('03/14, 09:05');
    expect(formatOnDay(MORNING, 'zh-CN', '2025-03-15', XIAMEN)).toBe('03/14 09:05');
    // Five seconds after midnight is already the new day there.
    expect(formatOnDay(JUST_AFTER_MIDNIGHT, 'zh-CN', '2025-03-14', XIAMEN)).toBe('00:00');
  });
});

describe('formatters are built once', () => {
  it('shares one formatter per locale, zone and style', () => {
    const a = timeFormatter('clock', 'en', XIAMEN);
    expect(timeFormatter('clock', 'en', XIAMEN)).toBe(a);
    expect(timeFormatter('clock', 'zh-CN', XIAMEN)).not.toBe(a);
    expect(timeFormatter('clock', 'en', 'UTC')).not.toBe(a);
    expect(timeFormatter('hourMinute', 'en', XIAMEN)).not.toBe(a);
  });

  it('remembers the fallback for an unknown zone instead of failing again at every row', () => {
    expect(timeFormatter('hourMinute', 'en', 'Nowhere/Atall')).toBe(timeFormatter('hourMinute', 'en'));
    expect(timeFormatter('hourMinute', 'en', 'Nowhere/Atall')).toBe(timeFormatter('hourMinute', 'en', 'Nowhere/Atall'));
  });
});

describe('elapsed time', () => {
  it('counts mm:ss under an hour', () => {
    expect(formatElapsed(0, 0)).toBe('00:00');
    expect(formatElapsed(0, 65_000)).toBe('01:05');
    expect(formatElapsed(0, 3_599_999)).toBe('59:59');
  });

  it('counts h:mm:ss from an hour on', () => {
    expect(formatElapsed(0, 3_600_000)).toBe('1:00:00');
    expect(formatElapsed(0, 3_725_000)).toBe('1:02:05');
    expect(formatElapsed(1_000, 1_000 + 27 * 3_600_000 + 59_000)).toBe('27:00:59');
  });

  it('never goes negative when the clocks disagree', () => {
    expect(formatElapsed(10_000, 0)).toBe('00:00');
  });
});

describe('hour buckets', () => {
  it('label the hour a bucket starts with two digits', () => {
    expect(hourLabel(0)).toBe('00');
    expect(hourLabel(7)).toBe('07');
    expect(hourLabel(23)).toBe('23');
  });
});

describe('the status bar clock', () => {
  const inStep = { tz: XIAMEN, aheadMs: 0 };

  it('shows the platform’s time in its zone, once, when the workstation is in the same zone', () => {
    expect(statusClock(MORNING, inStep, 'zh-CN', XIAMEN)).toEqual({ platform: '09:05:30', zone: XIAMEN, local: null });
    // Another name for the same offset is the same clock.
    expect(statusClock(MORNING, inStep, 'en', 'Asia/Hong_Kong')).toEqual({ platform: '09:05:30', zone: XIAMEN, local: null });
  });

  it('shows both when the workstation’s zone differs: the platform’s first, then the local time', () => {
    expect(statusClock(MORNING, inStep, 'zh-CN', 'UTC')).toEqual({ platform: '09:05:30', zone: XIAMEN, local: '01:05:30' });
    expect(statusClock(JUST_AFTER_MIDNIGHT, inStep, 'en', 'Europe/Berlin')).toEqual({ platform: '00:00:05', zone: XIAMEN, local: '17:00:05' });
  });

  it('corrects for a workstation clock that runs off the platform’s, but not for the welcome’s transit time', () => {
    expect(statusClock(MORNING, { tz: XIAMEN, aheadMs: 90_000 }, 'zh-CN', XIAMEN).platform).toBe('09:07:00');
    expect(statusClock(MORNING, { tz: XIAMEN, aheadMs: -30_000 }, 'zh-CN', XIAMEN).platform).toBe('09:05:00');
    expect(statusClock(MORNING, { tz: XIAMEN, aheadMs: 1_200 }, 'zh-CN', XIAMEN).platform).toBe('09:05:30');
  });

  it('before the platform has said anything, shows the workstation’s own time', () => {
    expect(statusClock(MORNING, null, 'zh-CN', XIAMEN)).toEqual({ platform: '09:05:30', zone: null, local: null });
  });
});
