import { computed, inject, provide, watch, type InjectionKey } from 'vue';
import type { LinkState } from '../../../../native/api/index.ts';
import { useTimers } from '../../api/inject.ts';
import { whenIdle } from '../../composables/whenIdle.ts';
import { useBoardStore } from '../../stores/board.ts';
import { useLinkStore } from '../../stores/link.ts';
import { useTodayStore } from '../../stores/today.ts';

/**
 * The duty chief's first screen, and what waits for it.
 *
 * At start the chief needs the board's rows, the link's state and today's
 * counters (bench:start counts "live" by them). The charts (ECharts), the map
 * beside the figures and the traffic video are a moment later's business.
 * They used to wait for the page's first idle moment only, and that came while
 * the window waited for the host's first answers: their half a megabyte of
 * script, their canvases and the map's requests then took the CPU (the
 * browser's and the host's) the board and the counters needed, and the first
 * rows came after them. Now they wait for the first screen to be in, then for
 * the first idle moment after it.
 */

/** Link states that move on by themselves within moments: the first screen is not in yet. */
const PENDING: ReadonlySet<LinkState | null> = new Set<LinkState | null>([null, 'connecting', 'snapshot']);

/** However the start goes (a link that never settles), what waits is shown after this long. */
export const FIRST_SCREEN_WAIT_MS = 20_000;

/**
 * Resolves once the chief's first screen is in — the link's state settled
 * (live, or one it will not leave by itself: offline, unauthorized…),
 * today's figures read and the dashboard's board's first rows read (each
 * either way: a failure is shown too) — or after FIRST_SCREEN_WAIT_MS on
 * the window's timers. Call in a component's setup: its watcher stops with it.
 */
export function useFirstScreenIn(waitMs = FIRST_SCREEN_WAIT_MS): Promise<void> {
  const link = useLinkStore();
  const today = useTodayStore();
  // The dashboard's compact board (DutyDashboard): the rows the chief sees first.
  const board = useBoardStore('compact');
  const timers = useTimers();
  const shown = computed(
    () => !PENDING.has(link.state) && (today.stats !== null || today.error !== null) && (board.loaded || board.error !== null),
  );
  return new Promise((resolve) => {
    let done = false;
    let stop: (() => void) | null = null;
    const cap = timers.setTimeout(() => finish(), waitMs);
    function finish(): void {
      if (done) return;
      done = true;
      timers.clearTimeout(cap);
      stop?.();
      resolve();
    }
    stop = watch(shown, (now) => now && finish(), { immediate: true });
    if (done) stop();
  });
}

const FirstScreenKey: InjectionKey<Promise<void>> = Symbol('FirstScreen');

/** The chief view hands its first screen's promise (useFirstScreenIn) to what it holds. */
export function provideFirstScreen(firstScreen: Promise<void>): void {
  provide(FirstScreenKey, firstScreen);
}

/**
 * A loader for what the first screen does without, for defineAsyncComponent:
 * `useAfterFirstScreen()(() => import('./Chart.vue'))` loads once the first
 * screen provided around it is in (none: at once), at the next idle moment.
 * Call in setup.
 */
export function useAfterFirstScreen(): <T>(load: () => Promise<T>) => () => Promise<T> {
  const firstScreen = inject(FirstScreenKey, Promise.resolve());
  return (load) => afterFirstScreen(firstScreen, load);
}

/** `load`, once `firstScreen` is in and then the page is first idle. */
export function afterFirstScreen<T>(firstScreen: Promise<void>, load: () => Promise<T>): () => Promise<T> {
  return () => firstScreen.then(() => whenIdle()).then(load);
}
