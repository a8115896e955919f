// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useTileView } from './use-tile-view.ts';

/** IntersectionObserver / ResizeObserver stand-ins the test reports through. */
class FakeObserver {
  readonly observed: Element[] = [];
  disconnected = false;
  constructor(readonly report: (entries: unknown[]) => void) {}
  observe(el: Element): void {
    this.observed.push(el);
  }
  unobserve(): void {}
  disconnect(): void {
    this.disconnected = true;
  }
}
class FakeIntersection extends FakeObserver {
  static current: FakeIntersection;
  constructor(report: (entries: unknown[]) => void) {
    super(report);
    FakeIntersection.current = this;
  }
}
class FakeResize extends FakeObserver {
  static current: FakeResize;
  constructor(report: (entries: unknown[]) => void) {
    super(report);
    FakeResize.current = this;
  }
}

let pageState: DocumentVisibilityState = 'visible';
function setPage(state: DocumentVisibilityState): void {
  pageState = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  vi.unstubAllGlobals();
  pageState = 'visible';
});

describe('whether a tile can be seen', () => {
  it('is seen while it intersects the viewport and the page is visible, and says how wide it is in device pixels', async () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersection);
    vi.stubGlobal('ResizeObserver', FakeResize);
    vi.stubGlobal('devicePixelRatio', 2);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => pageState });
    const el = ref<HTMLElement | null>(null);
    const scope = effectScope();
    const view = scope.run(() => useTileView(el))!;
    el.value = document.createElement('div');
    await nextTick();
    expect(FakeIntersection.current.observed).toEqual([el.value]);
    expect(view.visible.value).toBe(false); // not reported yet

    FakeIntersection.current.report([{ isIntersecting: true }]);
    expect(view.visible.value).toBe(true);
    FakeResize.current.report([{ contentRect: { width: 480 } }]);
    expect(view.widthPx.value).toBe(960);

    setPage('hidden'); // a background tab, a minimised window
    expect(view.visible.value).toBe(false);
    setPage('visible');
    expect(view.visible.value).toBe(true);
    FakeIntersection.current.report([{ isIntersecting: false }]); // scrolled away
    expect(view.visible.value).toBe(false);

    scope.stop();
    expect(FakeIntersection.current.disconnected).toBe(true);
    expect(FakeResize.current.disconnected).toBe(true);
  });
});
