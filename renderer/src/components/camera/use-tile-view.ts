import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';

/**
 * Whether anyone can see a tile, and how wide it is on screen. A tile is
 * seen when it intersects the viewport (not scrolled away, not in a hidden
 * panel) and the page is visible (not a background tab or a minimised
 * window). Where an observer is missing (tests without a layout engine) the
 * tile counts as seen.
 */
export function useTileView(el: Readonly<Ref<HTMLElement | null>>): { visible: Readonly<Ref<boolean>>; widthPx: Readonly<Ref<number>> } {
  const intersecting = ref(typeof IntersectionObserver === 'undefined');
  const pageVisible = ref(typeof document === 'undefined' || document.visibilityState === 'visible');
  const widthPx = ref(0);

  const intersection =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver((entries) => {
          const last = entries.at(-1);
          if (last) intersecting.value = last.isIntersecting;
        });
  const resize =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          const last = entries.at(-1);
          // Device pixels: a tile on a 2× screen shows twice the pixels of its CSS width.
          if (last) widthPx.value = Math.round(last.contentRect.width * (globalThis.devicePixelRatio || 1));
        });
  const onVisibility = () => (pageVisible.value = document.visibilityState === 'visible');
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);

  watch(
    el,
    (now, before) => {
      if (before) {
        intersection?.unobserve(before);
        resize?.unobserve(before);
      }
      if (now) {
        intersection?.observe(now);
        resize?.observe(now);
        widthPx.value = Math.round(now.getBoundingClientRect().width * (globalThis.devicePixelRatio || 1));
      }
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    intersection?.disconnect();
    resize?.disconnect();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  });

  return { visible: computed(() => intersecting.value && pageVisible.value), widthPx };
}
