import { useI18n } from 'vue-i18n';
import { districtName, termName } from '../../names/terms.ts';
import type { Words } from '../../names/words.ts';

/** Words already looked up, by locale and key: the same few dozen serve every row. */
const looked = new Map<string, string>();

/**
 * The words a board row shows (status, district, source, priority, the
 * marks' titles), looked up once per locale. A scrolling board renders a
 * few rows a frame and each would ask vue-i18n a dozen times: 0.5 s of the
 * page's 16 s in bench:ui's profile went to translating the same words.
 * The names themselves are the console's one list per concept (names/).
 */
export function useRowLabels() {
  const { t, te, locale } = useI18n();
  const words: Words = { t: (key, named) => (named ? t(key, named) : t(key)), te: (key) => te(key) };
  const word = (key: string, make: () => string): string => {
    // Reading the locale makes a row re-render when it changes.
    const id = `${locale.value}|${key}`;
    let text = looked.get(id);
    if (text === undefined) looked.set(id, (text = make()));
    return text;
  };
  return {
    status: (status: string) => word(`status|${status}`, () => termName(words, 'status', status)),
    district: (code: string | null) => word(`district|${code ?? ''}`, () => districtName(words, code)),
    source: (source: string) => word(`source|${source}`, () => termName(words, 'sourceShort', source)),
    priority: (n: number) => word(`priority|${n}`, () => t('incident.priority', { n })),
    text: (key: string) => word(key, () => t(key)),
  };
}
