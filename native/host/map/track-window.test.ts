import { describe, expect, it } from 'vitest';
import { trackMinutesOf } from './track-window.ts';

describe('the volunteer track window', () => {
  it('is 30 minutes unless the runtime or $EGRET_TRACK_MINUTES says otherwise (the option first)', () => {
    expect(trackMinutesOf(undefined, {})).toBe(30);
    expect(trackMinutesOf(undefined, { EGRET_TRACK_MINUTES: '' })).toBe(30);
    expect(trackMinutesOf(undefined, { EGRET_TRACK_MINUTES: '2' })).toBe(2);
    expect(trackMinutesOf(0.5, { EGRET_TRACK_MINUTES: '2' })).toBe(0.5);
  });

  it('refuses a window that is not a positive number of minutes up to a day', () => {
    for (const bad of ['0', '-5', 'abc', '1441']) {
      expect(() => trackMinutesOf(undefined, { EGRET_TRACK_MINUTES: bad })).toThrow(/EGRET_TRACK_MINUTES.*got/);
    }
    expect(() => trackMinutesOf(0, {})).toThrow(/above 0/);
  });
});
