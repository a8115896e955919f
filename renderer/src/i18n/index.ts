import { createI18n } from 'vue-i18n';
import zhCN, { type MessageSchema } from './zh-CN.ts';
import en from './en.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'egret.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The operator's remembered choice, else Chinese. */
export function rememberedLocale(storage: Storage | null): Locale {
  const stored = storage?.getItem(LOCALE_STORAGE_KEY);
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

export function createEgretI18n(locale: Locale = DEFAULT_LOCALE) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { 'zh-CN': zhCN, en },
  });
}

export type EgretI18n = ReturnType<typeof createEgretI18n>;
