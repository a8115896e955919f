import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import { CameraFlapping } from './camera-flapping.ts';

const MINUTE = 60_000;

function watch() {
  const clock = new FakeTimers(Date.parse('2026-11-28T09:00:00+08:00'));
  return { clock, flapping: new CameraFlapping(() => clock.now()) };
}
/** Offline, then back online a minute later, `times` times. */
function flap(w: ReturnType<typeof watch>, id: string, times: number) {
  for (let i = 0; i < times; i++) {
    w.flapping.observe(id, 'offline');
    w.clock.advance(MINUTE);
    w.flapping.observe(id, 'online');
    w.clock.advance(MINUTE);
  }
}

describe('cameras that flap', () => {
  it('a camera offline and back three times within 10 minutes is flapping; twice is not', () => {
    const w = watch();
    w.flapping.observe('cam-1', 'online');
    w.flapping.observe('cam-2', 'online');
    flap(w, 'cam-1', 2);
    flap(w, 'cam-2', 3);
    expect(w.flapping.statusOf('cam-1', 'online')).toBe('online');
    expect(w.flapping.statusOf('cam-2', 'online')).toBe('flapping');
    // Whatever its status now: it will not stay.
    w.flapping.observe('cam-2', 'offline');
    expect(w.flapping.statusOf('cam-2', 'offline')).toBe('flapping');
    expect(w.flapping.flapping()).toEqual(['cam-2']);
  });

  it('stops flapping once its returns are older than 10 minutes', () => {
    const w = watch();
    w.flapping.observe('cam-1', 'online');
    flap(w, 'cam-1', 3); // returns at 1, 3, 5 minutes; now 6
    expect(w.flapping.isFlapping('cam-1')).toBe(true);
    w.clock.advance(4 * MINUTE + 59_999); // the first return is 9:59.999 old
    expect(w.flapping.isFlapping('cam-1')).toBe(true);
    w.clock.advance(1);
    expect(w.flapping.isFlapping('cam-1')).toBe(false);
    expect(w.flapping.statusOf('cam-1', 'online')).toBe('online');
  });

  it('counts returns spread over more than 10 minutes as no flapping', () => {
    const w = watch();
    w.flapping.observe('cam-1', 'online');
    for (let i = 0; i < 5; i++) {
      w.flapping.observe('cam-1', 'offline');
      w.clock.advance(5 * MINUTE);
      w.flapping.observe('cam-1', 'online');
    }
    expect(w.flapping.isFlapping('cam-1')).toBe(false);
  });

  it('takes the first status it sees as the baseline, and repeats of a status as nothing', () => {
    const w = watch();
    // A console that starts with the camera offline has not seen it go offline.
    w.flapping.observe('cam-1', 'offline');
    w.flapping.observe('cam-1', 'online');
    w.flapping.observe('cam-1', 'online');
    w.flapping.observe('cam-1', 'offline');
    w.flapping.observe('cam-1', 'offline');
    w.flapping.observe('cam-1', 'online');
    expect(w.flapping.isFlapping('cam-1')).toBe(false);
    w.flapping.observe('cam-1', 'offline');
    w.flapping.observe('cam-1', 'online');
    expect(w.flapping.isFlapping('cam-1')).toBe(true);
  });

  it('forgets a camera that left the cache', () => {
    const w = watch();
    w.flapping.observe('cam-1', 'online');
    flap(w, 'cam-1', 3);
    w.flapping.forget('cam-1');
    expect(w.flapping.isFlapping('cam-1')).toBe(false);
    w.flapping.observe('cam-1', 'online');
    expect(w.flapping.isFlapping('cam-1')).toBe(false);
  });
});
