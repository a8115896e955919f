import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { LOCALES, LOCALE_STORAGE_KEY, isLocale, type Locale } from '../i18n/index.ts';

/** Switches the UI language and remembers it for the next start of this workstation. */
export function useLocaleSwitch() {
  const { locale } = useI18n({ useScope: 'global' });
  const current = computed<Locale>(() => (isLocale(locale.value) ? locale.value : 'zh-CN'));

  function setLocale(next: Locale): void {
    locale.value = next;
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Storage can be unavailable (private mode, quota); the switch still applies now.
    }
    document.documentElement.lang = next;
  }

  return { locale: current, locales: LOCALES, setLocale };
}
