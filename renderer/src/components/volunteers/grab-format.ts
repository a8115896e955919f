import type { Words } from '../../names/words.ts';

/** A grab rate (0..1) as a whole percentage in the operator's language; null (no offers) as a dash. */
export function ratePercent(words: Words, locale: string, rate: number | null): string {
  if (rate === null) return words.t('volunteersArea.grab.none');
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

/** Seconds to accept, rounded: "42 秒" under a minute, "2 分 05 秒" from one; null (none taken) as a dash. */
export function acceptTime(words: Words, seconds: number | null): string {
  if (seconds === null) return words.t('volunteersArea.grab.none');
  const whole = Math.round(seconds);
  if (whole < 60) return words.t('volunteersArea.grab.seconds', { n: whole });
  return words.t('volunteersArea.grab.minutes', { m: Math.floor(whole / 60), s: String(whole % 60).padStart(2, '0') });
}
