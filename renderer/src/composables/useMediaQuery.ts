import { onScopeDispose, readonly, ref, type Ref } from 'vue';

/**
 * Whether a CSS media query matches now, following the window as it is
 * resized or moved to another screen. For what the page mounts or not by
 * the screen's size (a lazy chunk loaded only where it is shown); what is
 * only laid out differently belongs in CSS. False where `matchMedia` is
 * missing. Stops with its owner.
 */
export function useMediaQuery(query: string): Readonly<Ref<boolean>> {
  const list = typeof globalThis.matchMedia === 'function' ? globalThis.matchMedia(query) : null;
  const matches = ref(list?.matches ?? false);
  if (list) {
    const onChange = (event: MediaQueryListEvent) => (matches.value = event.matches);
    list.addEventListener('change', onChange);
    onScopeDispose(() => list.removeEventListener('change', onChange));
  }
  return readonly(matches);
}
