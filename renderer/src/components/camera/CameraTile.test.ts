// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Result } from '../../../../native/api/index.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { HLS_EVENTS, RELEASE_AFTER_HIDDEN_MS, type HlsErrorData, type HlsPlayer } from './camera-player.ts';
import { LoadHlsKey } from './load-hls.ts';
import { MAIN_FROM_PX } from './stream-choice.ts';
import CameraTile from './CameraTile.vue';

/**
 * The tile as the wall uses it (issue 12): the stream by its size on screen
 * or `large`, loading only while someone can see it, an empty tile, PTZ
 * cameras said to be out of reach, and a failed stream that comes back by
 * itself. The player's own rules are in camera-player.test.ts.
 */

type Camera = Result<'cameras.get'>;

function camera(n: number, patch: Partial<Camera> = {}): Camera {
  const id = `cam-${String(n).padStart(4, '0')}`;
  return {
    id,
    name: `湖滨南路 ${n} 号`,
    district: '350203',
    road: '湖滨南路',
    kind: 'fixed',
    status: 'online',
    lat: 24.478,
    lng: 118.11,
    streams: { main: `https://media.test/hls/${id}/main.m3u8`, sub: `https://media.test/hls/${id}/sub.m3u8` },
    ...patch,
  };
}

class FakeHls implements HlsPlayer {
  readonly calls: string[] = [];
  latency = 2;
  private readonly listeners: [string, (event: string, data: HlsErrorData) => void][] = [];
  loadSource(url: string): void {
    this.calls.push(`loadSource ${url}`);
  }
  /** hls.js gives the element a MediaSource object URL as its src. */
  attachMedia(media: HTMLMediaElement): void {
    media.src = 'blob:https://console.test/media-source';
  }
  startLoad(at?: number): void {
    this.calls.push(`startLoad ${at}`);
  }
  stopLoad(): void {
    this.calls.push('stopLoad');
  }
  recoverMediaError(): void {}
  destroy(): void {
    this.calls.push('destroy');
  }
  on(event: string, listener: (event: string, data: HlsErrorData) => void): void {
    this.listeners.push([event, listener]);
  }
  emit(event: string, data: HlsErrorData = {}): void {
    for (const [name, listener] of this.listeners) if (name === event) listener(event, data);
  }
}

/** ResizeObserver stand-in: the test says how wide the tile is. */
class FakeResize {
  static current: FakeResize | null = null;
  constructor(readonly report: (entries: unknown[]) => void) {
    FakeResize.current = this;
  }
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
function resizeTo(widthPx: number): void {
  FakeResize.current!.report([{ contentRect: { width: widthPx } }]);
}

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', undefined); // no layout engine: on screen
  vi.stubGlobal('ResizeObserver', FakeResize);
  vi.stubGlobal('devicePixelRatio', 1);
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  FakeResize.current = null;
  vi.unstubAllGlobals();
});

async function flush(): Promise<void> {
  for (let i = 0; i < 6; i++) await settle();
}

function rig(cameras: Camera[], locale: 'zh-CN' | 'en' = 'zh-CN') {
  const app = egretTestApp({ session: signedInSession('video_patroller'), locale });
  const asked: string[] = [];
  app.host.handlers['cameras.get'] = ({ id }) => {
    asked.push(id);
    const found = cameras.find((c) => c.id === id);
    if (!found) throw Object.assign(new Error(`no camera ${id}`), { code: 'not_found' });
    return { ...found };
  };
  const players: FakeHls[] = [];
  const global = {
    plugins: [app.plugin],
    provide: { [LoadHlsKey as symbol]: () => Promise.resolve(() => players[players.push(new FakeHls()) - 1]!) },
  };
  app.client.start();
  return { app, global, players, asked };
}

describe('a wall tile', () => {
  it('plays sub while small, main once its width on screen passes the threshold, and sub again when it shrinks', async () => {
    const cam = camera(1);
    const { global, players } = rig([cam]);
    wrapper = mount(CameraTile, { props: { cameraId: cam.id, tileIndex: 3 }, global, attachTo: document.body });
    await flush();
    const tile = wrapper.get('[data-testid="camera-tile"]');
    expect(tile.attributes('data-stream')).toBe('sub');
    expect(tile.attributes('data-tile-index')).toBe('3');
    expect(tile.attributes('aria-label')).toBe('第 4 格：湖滨南路 1 号');
    expect(players.map((p) => p.calls[0])).toEqual([`loadSource ${cam.streams.sub}`]);

    resizeTo(MAIN_FROM_PX + 40); // maximised by hand, a 1-tile layout
    await flush();
    expect(tile.attributes('data-stream')).toBe('main');
    expect(players[0]!.calls.at(-1)).toBe('destroy');
    expect(players.map((p) => p.calls[0])).toEqual([`loadSource ${cam.streams.sub}`, `loadSource ${cam.streams.main}`]);

    resizeTo(480); // back in a 4×4 grid
    await flush();
    expect(tile.attributes('data-stream')).toBe('sub');
    expect(players).toHaveLength(3);
    expect(players[2]!.calls[0]).toBe(`loadSource ${cam.streams.sub}`);
  });

  it('holds the last frame over the tile while it switches to the other stream of the same camera, never over another camera', async () => {
    const drawn: unknown[] = [];
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
      () => ({ drawImage: (source: unknown) => drawn.push(source) }) as unknown as CanvasRenderingContext2D,
    );
    const cam = camera(9);
    const other = camera(10);
    const { global } = rig([cam, other]);
    wrapper = mount(CameraTile, { props: { cameraId: cam.id }, global, attachTo: document.body });
    await flush();
    const video = wrapper.get('video').element as HTMLVideoElement;
    // A frame on screen (happy-dom decodes nothing: the element says it has one).
    Object.defineProperties(video, { readyState: { value: 4 }, videoWidth: { value: 704 }, videoHeight: { value: 396 } });
    video.dispatchEvent(new Event('playing'));
    await flush();
    const still = wrapper.get('[data-testid="camera-still"]');
    expect(still.isVisible()).toBe(false);

    await wrapper.setProps({ large: true });
    await flush();
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-state')).toBe('connecting');
    expect(still.isVisible()).toBe(true);
    expect(drawn).toEqual([video]);
    expect((still.element as HTMLCanvasElement).width).toBe(704);
    video.dispatchEvent(new Event('playing')); // main plays: the still goes
    await flush();
    expect(still.isVisible()).toBe(false);

    await wrapper.setProps({ cameraId: other.id });
    await flush();
    expect(still.isVisible()).toBe(false);
    expect(drawn).toHaveLength(1);
  });

  it('plays main while large whatever its size, and sub again when it is not', async () => {
    const cam = camera(2);
    const { global, players } = rig([cam]);
    wrapper = mount(CameraTile, { props: { cameraId: cam.id, large: true, selected: true }, global, attachTo: document.body });
    await flush();
    const tile = wrapper.get('[data-testid="camera-tile"]');
    expect(tile.attributes('data-stream')).toBe('main');
    expect(tile.attributes('data-selected')).toBe('true');
    expect(players[0]!.calls[0]).toBe(`loadSource ${cam.streams.main}`);
    await wrapper.setProps({ large: false });
    await flush();
    expect(tile.attributes('data-stream')).toBe('sub');
    expect(players[1]!.calls[0]).toBe(`loadSource ${cam.streams.sub}`);
  });

  it('stops loading when the wall says it is not visible, releases its player after 30 s, and plays again when shown', async () => {
    const cam = camera(3);
    const { app, global, players } = rig([cam]);
    wrapper = mount(CameraTile, { props: { cameraId: cam.id }, global, attachTo: document.body });
    await flush();
    const video = wrapper.get('video').element;
    expect(video.hasAttribute('src')).toBe(true);
    video.dispatchEvent(new Event('playing'));
    await wrapper.setProps({ visible: false });
    await flush();
    expect(players[0]!.calls.at(-1)).toBe('stopLoad');
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-state')).toBe('idle');
    app.timers.advance(RELEASE_AFTER_HIDDEN_MS - 1);
    expect(video.hasAttribute('src')).toBe(true);

    app.timers.advance(1);
    expect(players[0]!.calls.at(-1)).toBe('destroy');
    expect(video.hasAttribute('src')).toBe(false);

    await wrapper.setProps({ visible: true });
    await flush();
    expect(players).toHaveLength(2);
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-state')).toBe('connecting');
  });

  it('says when it retries a failed stream, and plays again by itself without the operator', async () => {
    const cam = camera(4);
    const { app, global, players } = rig([cam], 'en');
    wrapper = mount(CameraTile, { props: { cameraId: cam.id }, global, attachTo: document.body });
    await flush();
    players[0]!.emit(HLS_EVENTS.error, { fatal: true, type: 'networkError', details: 'levelLoadError' });
    await flush();
    const tile = wrapper.get('[data-testid="camera-tile"]');
    expect(tile.attributes('data-state')).toBe('error');
    // The first wait: the first backoff (1 s) spread by ±25 %.
    expect(wrapper.get('[data-testid="camera-retry-in"]').text()).toMatch(/^Retrying in [12] s$/);
    expect(wrapper.find('[data-testid="camera-retry"]').exists()).toBe(true);

    app.timers.advance(1_250);
    await flush();
    expect(players).toHaveLength(2);
    expect(tile.attributes('data-state')).toBe('connecting');
    wrapper.get('video').element.dispatchEvent(new Event('playing'));
    await flush();
    expect(tile.attributes('data-state')).toBe('playing');
    expect(wrapper.find('[data-testid="camera-retry-in"]').exists()).toBe(false);
  });

  it('follows a new camera in the same tile (a tour moving on): the new name, the new stream, never the old name', async () => {
    const first = camera(5);
    const second = camera(6, { name: '嘉禾路 6 号', kind: 'ptz' });
    const { global, players } = rig([first, second]);
    wrapper = mount(CameraTile, { props: { cameraId: first.id }, global, attachTo: document.body });
    await flush();
    expect(wrapper.find('[data-testid="camera-tile-ptz"]').exists()).toBe(false);
    await wrapper.setProps({ cameraId: second.id });
    expect(wrapper.get('[data-testid="camera-name"]').text()).not.toBe(first.name);
    await flush();
    expect(wrapper.get('[data-testid="camera-name"]').text()).toBe('嘉禾路 6 号');
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-camera')).toBe(second.id);
    expect(players[0]!.calls.at(-1)).toBe('destroy');
    expect(players.at(-1)!.calls[0]).toBe(`loadSource ${second.streams.sub}`);
    // A PTZ camera says it cannot be steered from here.
    expect(wrapper.get('[data-testid="camera-tile-ptz"]').text()).toBe('云台控制不支持');
  });

  it('follows the platform changing a camera\'s stream URLs: a new player on the new URL in the same tile, even while it waits out a retry', async () => {
    const cam = camera(11);
    const cameras = [cam];
    const { app, global, players } = rig(cameras);
    wrapper = mount(CameraTile, { props: { cameraId: cam.id, tileIndex: 0 }, global, attachTo: document.body });
    await flush();
    const tile = wrapper.get('[data-testid="camera-tile"]');
    const video = wrapper.get('video').element;
    video.dispatchEvent(new Event('playing'));
    await flush();
    expect(tile.attributes('data-state')).toBe('playing');
    app.timers.advance(5_000);

    // The platform moves the camera to another gateway: an upsert of the camera entity.
    const moved = (gateway: string) => ({
      ...cam,
      streams: { main: `https://${gateway}/live/${cam.id}/main.m3u8`, sub: `https://${gateway}/live/${cam.id}/sub.m3u8` },
    });
    cameras[0] = moved('gateway-2.test');
    app.host.publish('entities.changed', [{ kind: 'camera', upserted: [cam.id], deleted: [] }]);
    await flush();
    expect(players).toHaveLength(2);
    expect(players[0]!.calls.at(-1)).toBe('destroy');
    expect(players[1]!.calls[0]).toBe(`loadSource ${cameras[0].streams.sub}`);
    expect(tile.attributes('data-state')).toBe('connecting');
    expect(wrapper.get('[data-testid="camera-name"]').text()).toBe(cam.name);

    // That gateway fails the stream; while the tile waits out its backoff, the platform moves it again: the new URL at once.
    app.timers.advance(1_000);
    players[1]!.emit(HLS_EVENTS.error, { fatal: true, type: 'networkError', details: 'manifestLoadError' });
    await flush();
    expect(tile.attributes('data-state')).toBe('error');
    cameras[0] = moved('gateway-3.test');
    app.host.publish('entities.changed', [{ kind: 'camera', upserted: [cam.id], deleted: [] }]);
    await flush();
    expect(players).toHaveLength(3);
    expect(players[2]!.calls[0]).toBe(`loadSource ${cameras[0].streams.sub}`);
    expect(tile.attributes('data-state')).toBe('connecting');
    // The retry of the old URL does not come on top of it.
    app.timers.advance(2_000);
    await flush();
    expect(players).toHaveLength(3);
  });

  it('is an empty tile without a camera: nothing asked, nothing loaded, its own empty content', async () => {
    const { global, players, asked } = rig([camera(7)], 'en');
    wrapper = mount(CameraTile, {
      props: { cameraId: null, tileIndex: 0 },
      slots: { empty: '<span data-testid="drop-here">Drop a camera here</span>' },
      global,
      attachTo: document.body,
    });
    await flush();
    const tile = wrapper.get('[data-testid="camera-tile"]');
    expect(tile.attributes('data-state')).toBe('idle');
    expect(tile.attributes('data-camera')).toBe('');
    expect(tile.attributes('aria-label')).toBe('Tile 1: empty');
    expect(wrapper.get('[data-testid="drop-here"]').text()).toBe('Drop a camera here');
    expect(asked).toEqual([]);
    expect(players).toEqual([]);
    await tile.trigger('wheel', { deltaY: -300 });
    expect(tile.attributes('data-zoom')).toBe('1.00');
  });

  it('shows an offline camera in the wall as offline and asks nothing of the media server', async () => {
    const cam = camera(8, { status: 'offline' });
    const { global, players } = rig([cam], 'en');
    wrapper = mount(CameraTile, { props: { cameraId: cam.id, tileIndex: 1 }, global, attachTo: document.body });
    await flush();
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-state')).toBe('offline');
    expect(wrapper.get('[data-testid="camera-state"]').text()).toBe('Camera offline');
    expect(wrapper.find('[data-testid="camera-retry"]').exists()).toBe(false);
    expect(players).toEqual([]);
  });
});
