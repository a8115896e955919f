import { readableCode } from './readable.ts';

/**
 * The two things every name lookup needs from vue-i18n: a translation and
 * whether one exists. Taken as a parameter, so the lookups are plain
 * functions a test calls with either language.
 */
export interface Words {
  t: (key: string, named?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
}

/** A code that may be looked up as one message key segment (no dots, brackets or message syntax). */
export function isKeySegment(code: string): boolean {
  return /^[a-z0-9_]+$/i.test(code);
}

/** The message under `list.code`, or the code made readable when the list has none (never the bare code). */
export function named(words: Words, list: string, code: string): string {
  const key = `${list}.${code}`;
  return isKeySegment(code) && words.te(key) ? words.t(key) : readableCode(code);
}
