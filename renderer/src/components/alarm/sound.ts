import type { InjectionKey } from 'vue';

/** Plays the new-priority-1 alert; injected so tests (and a quiet kiosk) can replace it. */
export type AlertSound = () => void;
export const AlertSoundKey: InjectionKey<AlertSound> = Symbol('AlertSound');

type AudioContextCtor = new () => AudioContext;
let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  const g = globalThis as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = g.AudioContext ?? g.webkitAudioContext;
  if (!Ctor) return null;
  context ??= new Ctor();
  return context;
}

/** The events that count as a user gesture for the browser's autoplay policy. */
const GESTURES = ['pointerdown', 'keydown'] as const;

/**
 * Gets the alarm's audio ready at the operator's first gesture in this
 * window (the sign-in click, a key). A browser lets a page start audio only
 * after a gesture: an AudioContext first made when a P1 arrives — at night,
 * nobody touching the console — stays suspended, and that alarm, the one
 * that matters most, would be silent. Made and resumed here, the context is
 * running when the alarm comes, and the browser's audio service has started
 * already (it takes a moment, and memory, the first time). Returns the
 * function that stops listening (nothing to do once it has run).
 */
export function unlockAlarmAudioOnGesture(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> = globalThis): () => void {
  const stop = () => {
    for (const type of GESTURES) target.removeEventListener(type, unlock, { capture: true });
  };
  function unlock(): void {
    stop();
    try {
      const ctx = audioContext();
      if (ctx?.state === 'suspended') void ctx.resume().catch(() => {});
    } catch {
      // No audio device: the alarm's flash still shows.
    }
  }
  for (const type of GESTURES) target.addEventListener(type, unlock, { capture: true });
  return stop;
}

/**
 * A short two-tone beep made with the Web Audio API (no audio file ships).
 * Silently does nothing where audio is unavailable or not yet allowed.
 */
export const playAlertBeep: AlertSound = () => {
  // Before any gesture in this window the browser keeps a new context
  // suspended: the beep could not sound, and making the context starts the
  // browser's audio service, which held the page's main thread for 1.3–4.8 s
  // when an alarm came during a start (measured on the loaded 2-core machine).
  const activation = (globalThis.navigator as { userActivation?: { hasBeenActive: boolean } } | undefined)?.userActivation;
  if (!context && activation && !activation.hasBeenActive) return;
  try {
    const ctx = audioContext();
    if (!ctx) return;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
    const start = ctx.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 660],
    ] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = frequency;
      const t0 = start + offset;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.15, t0 + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.15);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.16);
    }
  } catch {
    // No audio device, or autoplay refused before any user gesture: the flash still shows.
  }
};

/** Forgets the shared context (tests). */
export function resetAlarmAudioForTests(): void {
  context = null;
}
