import type { WaveState } from '../../../../native/api/index.ts';

type T = (key: string, values?: Record<string, unknown>) => string;

/** A distance as an operator reads it: metres below a kilometre, else kilometres to one decimal. */
export function distanceText(t: T, metres: number): string {
  return metres >= 1000
    ? t('offersArea.launcher.km', { km: (metres / 1000).toFixed(1) })
    : t('offersArea.launcher.metres', { m: Math.round(metres) });
}

/** How long ago a position came: seconds below two minutes, else minutes. */
export function ageText(t: T, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 120 ? t('offersArea.launcher.seconds', { n: s }) : t('offersArea.launcher.minutes', { n: Math.floor(s / 60) });
}

/** Why a run ended, when not by acceptance or running out of waves; null otherwise. */
export function reasonText(t: T, run: Pick<WaveState, 'state' | 'reason'>): string | null {
  if (run.state === 'failed') return t('offersArea.wave.reason.failed', { reason: run.reason ?? '' });
  if (run.state !== 'stopped') return null;
  return run.reason === 'operator' ? t('offersArea.wave.reason.operator') : t('offersArea.wave.reason.closed');
}
