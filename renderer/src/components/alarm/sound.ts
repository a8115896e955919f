import type { InjectionKey } from 'vue';

/** Plays the new-priority-1 alert; injected so tests (and a quiet kiosk) can replace it. */
export type AlertSound = () => void;
export const AlertSoundKey: InjectionKey<AlertSound> = Symbol('AlertSound');

type AudioContextCtor = new () => AudioContext;
let context: AudioContext | null = null;

/**
 * A short two-tone beep made with the Web Audio API (no audio file ships).
 * Silently does nothing where audio is unavailable or not yet allowed.
 */
export const playAlertBeep: AlertSound = () => {
  const g = globalThis as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = g.AudioContext ?? g.webkitAudioContext;
  if (!Ctor) return;
  try {
    context ??= new Ctor();
    const ctx = context;
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
