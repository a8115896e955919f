/**
 * bench:map's page (bundled by bench/map.bench.ts with esbuild). The bench
 * calls, through page.evaluate:
 *   __mapBench.setup(mode)  → ms to build the scene and draw its first frame
 *   __mapBench.begin(rate)  → starts recording frames (rAF timestamps) and
 *                             moving volunteers at `rate` updates a second
 *   __mapBench.end()        → the frame deltas, updates applied, long tasks
 * while it pans (mouse drags) and zooms (wheel) the map from outside.
 */
import 'leaflet/dist/leaflet.css';
import { createScene, type Mode, type Scene } from './scenes.ts';
import { makeWorkload, Walkers } from './workload.ts';

/** Updates are applied in batches like the host's positions.packed pushes (≤ 10 a second). */
const BATCH_EVERY_MS = 100;

let scene: Scene | null = null;
let recording: {
  stop(): { deltas: number[]; updates: number; ms: number; longTasks: number; longTaskMs: number; diagnostics: string | null };
} | null = null;

function nextFrame(): Promise<number> {
  return new Promise((ok) => requestAnimationFrame(ok));
}

async function setup(mode: Mode): Promise<{ setupMs: number }> {
  if (scene) throw new Error('one scene per page');
  const city = makeWorkload();
  const t0 = performance.now();
  scene = createScene(mode, document.getElementById('map')!, city);
  await nextFrame();
  await nextFrame();
  const setupMs = performance.now() - t0;
  const walkers = new Walkers(city.volunteers, city.moving);
  (globalThis as unknown as { __walkers: Walkers }).__walkers = walkers;
  return { setupMs };
}

function begin(rate: number): void {
  if (!scene || recording) throw new Error('setup first, once');
  const s = scene;
  const walkers = (globalThis as unknown as { __walkers: Walkers }).__walkers;
  const stamps: number[] = [];
  let running = true;
  const tick = (t: number) => {
    stamps.push(t);
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  let longTasks = 0;
  let longTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      longTasks++;
      longTaskMs += e.duration;
    }
  });
  observer.observe({ type: 'longtask' });

  // Whatever the frame rate, `rate` updates a second are applied: a late batch catches up.
  const t0 = performance.now();
  let applied = 0;
  let next = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - t0) * rate) / 1000);
    for (; applied < due; applied++) {
      const slot = next;
      next = (next + 1) % walkers.moving;
      const [lat, lng] = walkers.step(slot);
      s.moveVolunteer(slot, lat, lng);
    }
  }, BATCH_EVERY_MS);

  recording = {
    stop: () => {
      running = false;
      clearInterval(timer);
      observer.disconnect();
      const deltas: number[] = [];
      for (let i = 1; i < stamps.length; i++) deltas.push(stamps[i] - stamps[i - 1]);
      // The frame still in progress counts too: a page stuck in one long task has shown nothing new since.
      deltas.push(performance.now() - (stamps.length > 0 ? stamps[stamps.length - 1] : t0));
      return { deltas, updates: applied, ms: performance.now() - t0, longTasks, longTaskMs, diagnostics: s.diagnostics?.() ?? null };
    },
  };
}

function end(): ReturnType<NonNullable<typeof recording>['stop']> {
  if (!recording) throw new Error('not recording');
  const result = recording.stop();
  recording = null;
  return result;
}

function view(): { zoom: number; lat: number; lng: number } {
  const c = scene!.map.getCenter();
  return { zoom: scene!.map.getZoom(), lat: c.lat, lng: c.lng };
}

(globalThis as unknown as { __mapBench: unknown }).__mapBench = { setup, begin, end, view };
