import { useI18n } from 'vue-i18n';

/** Words already looked up, by locale and key: the same few dozen serve every row. */
const looked = new Map<string, string>();

/**
 * The words a board row shows (status, district, source, priority, the
 * marks' titles), looked up once per locale. A scrolling board renders a
 * few rows a frame and each would ask vue-i18n a dozen times: 0.5 s of the
 * page's 16 s in bench:ui's profile went to translating the same words.
 */
export function useRowLabels() {
  const { t, te, locale } = useI18n();
  const word = (key: string, make: () => string): string => {
    // Reading the locale makes a row re-render when it changes.
    const id = `${locale.value}|${key}`;
    let text = looked.get(id);
    if (text === undefined) looked.set(id, (text = make()));
    return text;
  };
  const known = (key: string, fallback: string) => word(key, () => (te(key) ? t(key) : fallback));
  return {
    status: (status: string) => known(`incident.status.${status}`, status),
    district: (code: string | null) => (code === null ? word('incident.noDistrict', () => t('incident.noDistrict')) : known(`districts.${code}`, code)),
    source: (source: string) => known(`boardArea.sourceShort.${source}`, source),
    priority: (n: number) => word(`incident.priority:${n}`, () => t('incident.priority', { n })),
    text: (key: string) => word(key, () => t(key)),
  };
}
