// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Result } from '../../../../native/api/index.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { FakeWall } from '../../test-support/fake-wall.ts';
import { useWallStore } from '../../stores/wall.ts';
import { HLS_EVENTS, type HlsErrorData, type HlsPlayer } from './camera-player.ts';
import { LoadHlsKey } from './load-hls.ts';
import CameraPreview from './CameraPreview.vue';
import CameraTile from './CameraTile.vue';

type Camera = Result<'cameras.get'>;

const CAMERA: Camera = {
  id: 'cam-0042',
  name: '湖滨南路筼筜段 042',
  district: '350203',
  road: '湖滨南路',
  kind: 'ptz',
  status: 'online',
  lat: 24.478,
  lng: 118.11,
  streams: { main: 'http://media.test/hls/cam-0042/main.m3u8', sub: 'http://media.test/hls/cam-0042/sub.m3u8' },
};

/** hls.js stand-in: what it was asked to load, and its events played by the test. */
class FakeHls implements HlsPlayer {
  readonly loaded: string[] = [];
  destroyed = false;
  latency = 3.5;
  private readonly listeners: [string, (event: string, data: HlsErrorData) => void][] = [];
  loadSource(url: string): void {
    this.loaded.push(url);
  }
  attachMedia(): void {}
  startLoad(): void {}
  stopLoad(): void {}
  recoverMediaError(): void {}
  destroy(): void {
    this.destroyed = true;
  }
  on(event: string, listener: (event: string, data: HlsErrorData) => void): void {
    this.listeners.push([event, listener]);
  }
  emit(event: string, data: HlsErrorData = {}): void {
    for (const [name, listener] of this.listeners) if (name === event) listener(event, data);
  }
}

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  // No layout engine here: tiles count as seen (use-tile-view.ts).
  vi.stubGlobal('IntersectionObserver', undefined);
  vi.stubGlobal('ResizeObserver', undefined);
  localStorage.clear();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.unstubAllGlobals();
});

async function flush(): Promise<void> {
  for (let i = 0; i < 6; i++) await settle();
}

function rig(camera: Camera, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const app = egretTestApp({ session: signedInSession('video_patroller'), locale, withRouter: true });
  let current = camera;
  app.host.handlers['cameras.get'] = ({ id }) => {
    if (id !== current.id) throw Object.assign(new Error(`no camera ${id}`), { code: 'not_found' });
    return { ...current };
  };
  // The wall is the host's (issue 12): "open on the wall" is a wall.place.
  Object.assign(app.host.handlers, new FakeWall().attach(app.host).handlers);
  const players: FakeHls[] = [];
  const global = {
    plugins: [app.plugin],
    provide: {
      [LoadHlsKey as symbol]: () =>
        Promise.resolve(() => {
          const hls = new FakeHls();
          players.push(hls);
          return hls;
        }),
    },
  };
  app.client.start();
  return { app, global, players, setCamera: (next: Camera) => (current = next) };
}

describe('a camera tile', () => {
  it('plays the stream asked for under the camera name and district, and says when it is live and how far behind', async () => {
    const { global, players } = rig(CAMERA);
    wrapper = mount(CameraTile, { props: { cameraId: CAMERA.id, stream: 'sub' }, global, attachTo: document.body });
    await flush();
    const tile = wrapper.get('[data-testid="camera-tile"]');
    expect(wrapper.get('[data-testid="camera-name"]').text()).toBe('湖滨南路筼筜段 042');
    expect(tile.text()).toContain('思明区');
    expect(tile.attributes('data-state')).toBe('connecting');
    expect(players).toHaveLength(1);
    expect(players[0]!.loaded).toEqual([CAMERA.streams.sub]);

    const video = wrapper.get('video').element;
    video.dispatchEvent(new Event('playing'));
    video.dispatchEvent(new Event('timeupdate'));
    await flush();
    expect(tile.attributes('data-state')).toBe('playing');
    expect(wrapper.get('[data-testid="camera-state"]').text()).toBe('直播');
    expect(wrapper.get('[data-testid="camera-latency"]').text()).toBe('延迟 3.5 秒');
    expect(wrapper.emitted('state')!.map(([s]) => s)).toEqual(['idle', 'connecting', 'playing']);
  });

  it('shows an offline camera as offline without loading it, and plays it once the platform says it is back', async () => {
    const { app, global, players, setCamera } = rig({ ...CAMERA, status: 'offline' });
    wrapper = mount(CameraTile, { props: { cameraId: CAMERA.id }, global, attachTo: document.body });
    await flush();
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-state')).toBe('offline');
    expect(wrapper.get('[data-testid="camera-state"]').text()).toBe('摄像头离线');
    expect(players).toEqual([]);

    setCamera(CAMERA);
    app.host.publish('entities.changed', [{ kind: 'camera', upserted: [CAMERA.id], deleted: [] }]);
    app.timers.advance(1_000);
    await flush();
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-state')).toBe('connecting');
    expect(players).toHaveLength(1);
  });

  it('offers a retry after a fatal network error', async () => {
    const { global, players } = rig(CAMERA, 'en');
    wrapper = mount(CameraTile, { props: { cameraId: CAMERA.id }, global, attachTo: document.body });
    await flush();
    players[0]!.emit(HLS_EVENTS.error, { fatal: true, type: 'networkError', details: 'manifestLoadError' });
    await flush();
    expect(wrapper.get('[data-testid="camera-state"]').text()).toBe('Playback failed');
    expect(players[0]!.destroyed).toBe(true);
    await wrapper.get('[data-testid="camera-retry"]').trigger('click');
    await flush();
    expect(players).toHaveLength(2);
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-state')).toBe('connecting');
  });

  it('zooms the picture with the wheel and back with a double click', async () => {
    const { global } = rig(CAMERA);
    wrapper = mount(CameraTile, { props: { cameraId: CAMERA.id }, global, attachTo: document.body });
    await flush();
    const tile = wrapper.get('[data-testid="camera-tile"]');
    expect(tile.attributes('data-zoom')).toBe('1.00');
    await tile.trigger('wheel', { deltaY: -300 });
    expect(Number(tile.attributes('data-zoom'))).toBeGreaterThan(1.5);
    expect(wrapper.get('video').attributes('style')).toContain('scale(');
    await tile.trigger('dblclick');
    expect(tile.attributes('data-zoom')).toBe('1.00');
    expect(wrapper.get('video').attributes('style') ?? '').not.toContain('scale(');
  });
});

describe('a camera preview', () => {
  it('shows where the camera is, says a PTZ camera cannot be steered, and opens it on the wall', async () => {
    const { app, global } = rig(CAMERA);
    await app.router!.push('/video');
    wrapper = mount(CameraPreview, { props: { cameraId: CAMERA.id }, global, attachTo: document.body });
    await flush();
    expect(wrapper.get('[data-testid="camera-tile"]').attributes('data-stream')).toBe('sub');
    expect(wrapper.text()).toContain('湖滨南路');
    expect(wrapper.text()).toContain('云台摄像机');
    expect(wrapper.get('[data-testid="camera-ptz-note"]').text()).toContain('平台没有云台控制指令');

    await wrapper.get('[data-testid="camera-open-on-wall"]').trigger('click');
    await flush();
    expect(useWallStore().cameras).toEqual([CAMERA.id]);
    expect(app.router!.currentRoute.value.name).toBe('video');
    expect(wrapper.find('[data-testid="camera-open-on-wall"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="camera-on-wall"]').text()).toBe('已在视频墙上');

    await wrapper.get('[data-testid="camera-preview-close"]').trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(1);
  });

  it('has no PTZ note for a fixed camera', async () => {
    const { global } = rig({ ...CAMERA, kind: 'fixed' });
    wrapper = mount(CameraPreview, { props: { cameraId: CAMERA.id }, global, attachTo: document.body });
    await flush();
    expect(wrapper.text()).toContain('枪机');
    expect(wrapper.find('[data-testid="camera-ptz-note"]').exists()).toBe(false);
  });
});
