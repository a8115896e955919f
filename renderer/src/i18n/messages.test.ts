import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN.ts';
import en from './en.ts';
import { DEFAULT_LOCALE, LOCALE_STORAGE_KEY, createEgretI18n, rememberedLocale } from './index.ts';

type Tree = { [key: string]: string | Tree };

/** Every leaf as `a.b.c`, sorted. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI messages', () => {
  const zh = leaves(zhCN);
  const english = leaves(en);

  it('zh-CN and en have exactly the same keys, at every depth', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('no message is empty', () => {
    for (const [key, text] of [...zh, ...english]) expect(text.trim(), key).not.toBe('');
  });

  it('each message uses the same placeholders in both languages', () => {
    for (const [key, text] of zh) expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('every message compiles and renders in both languages (no stray @ or | syntax)', () => {
    const i18n = createEgretI18n();
    for (const locale of ['zh-CN', 'en'] as const) {
      i18n.global.locale.value = locale;
      const source = locale === 'en' ? english : zh;
      for (const [key, text] of source) {
        const params = Object.fromEntries(placeholders(text).map((p) => [p, `<${p}>`]));
        const rendered = i18n.global.t(key, params);
        expect(rendered, key).toBe(text.replace(/\{(\w+)\}/g, '<$1>'));
      }
    }
  });

  it('defaults to Chinese and remembers a valid choice only', () => {
    const storage = new Map<string, string>();
    const fake = { getItem: (k: string) => storage.get(k) ?? null } as Storage;
    expect(rememberedLocale(fake)).toBe(DEFAULT_LOCALE);
    storage.set(LOCALE_STORAGE_KEY, 'en');
    expect(rememberedLocale(fake)).toBe('en');
    storage.set(LOCALE_STORAGE_KEY, 'fr');
    expect(rememberedLocale(fake)).toBe('zh-CN');
    expect(rememberedLocale(null)).toBe('zh-CN');
  });
});
