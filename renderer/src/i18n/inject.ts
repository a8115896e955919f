import { inject, type InjectionKey } from 'vue';
import type { EgretI18n } from './index.ts';

/**
 * vue-i18n's own injection only works inside components; stores need the
 * translator too (the link store's human label), so the app provides it here.
 */
export const EgretI18nKey: InjectionKey<EgretI18n> = Symbol('EgretI18n');

export function useEgretI18n(): EgretI18n {
  const i18n = inject(EgretI18nKey, null);
  if (!i18n) throw new Error('no i18n provided: app.provide(EgretI18nKey, i18n) first');
  return i18n;
}
