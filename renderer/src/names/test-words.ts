import { createEgretI18n, type Locale } from '../i18n/index.ts';
import type { Words } from './words.ts';

/** The app's own messages in `locale`, as the lookups take them (for tests). */
export function wordsIn(locale: Locale): Words {
  const { t, te } = createEgretI18n(locale).global;
  return { t: (key, named) => (named ? t(key, named) : t(key)), te: (key) => te(key) };
}
