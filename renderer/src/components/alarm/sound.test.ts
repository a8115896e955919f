import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { playAlertBeep, resetAlarmAudioForTests, unlockAlarmAudioOnGesture } from './sound.ts';

/** An AudioContext as a browser gives one before any gesture: suspended until resumed. */
class FakeAudioContext {
  static made = 0;
  state: 'suspended' | 'running' = 'suspended';
  currentTime = 0;
  destination = {};
  resumed = 0;
  constructor() {
    FakeAudioContext.made += 1;
  }
  resume() {
    this.resumed += 1;
    this.state = 'running';
    return Promise.resolve();
  }
  createOscillator() {
    return { type: '', frequency: { value: 0 }, connect: (to: unknown) => to, start: vi.fn(), stop: vi.fn() };
  }
  createGain() {
    const gain = { gain: { setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() }, connect: (to: unknown) => to };
    return gain;
  }
}

describe('the alarm sound', () => {
  beforeEach(() => {
    FakeAudioContext.made = 0;
    resetAlarmAudioForTests();
    vi.stubGlobal('AudioContext', FakeAudioContext);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("makes and resumes its audio at the operator's first gesture, once, so a later alarm finds it running", () => {
    const target = new EventTarget();
    unlockAlarmAudioOnGesture(target);
    expect(FakeAudioContext.made).toBe(0);

    target.dispatchEvent(new Event('pointerdown'));
    target.dispatchEvent(new Event('keydown'));
    expect(FakeAudioContext.made).toBe(1);

    playAlertBeep();
    expect(FakeAudioContext.made).toBe(1); // the same context, already running
  });

  it('listens no more once stopped (the window closed before any gesture)', () => {
    const target = new EventTarget();
    const stop = unlockAlarmAudioOnGesture(target);
    stop();
    target.dispatchEvent(new Event('keydown'));
    expect(FakeAudioContext.made).toBe(0);
  });

  it('makes no audio for an alarm before any gesture (it could not sound, and making it stalls the page)', () => {
    vi.stubGlobal('navigator', { userActivation: { hasBeenActive: false } });
    playAlertBeep();
    expect(FakeAudioContext.made).toBe(0);

    vi.stubGlobal('navigator', { userActivation: { hasBeenActive: true } });
    playAlertBeep();
    expect(FakeAudioContext.made).toBe(1);
  });

  it('does nothing where the browser has no Web Audio', () => {
    vi.stubGlobal('AudioContext', undefined);
    const target = new EventTarget();
    unlockAlarmAudioOnGesture(target);
    expect(() => target.dispatchEvent(new Event('pointerdown'))).not.toThrow();
    expect(() => playAlertBeep()).not.toThrow();
  });
});
