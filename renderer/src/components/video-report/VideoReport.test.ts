// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params, Result } from '../../../../native/api/index.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import VideoReport from './VideoReport.vue';

/** The snapshot captureTile would give: the tests play the host, not the canvas (capture-tile.test.ts does). */
vi.mock('./capture-tile.ts', () => ({
  captureTile: vi.fn(async (el: HTMLElement) => ({
    camera: el.dataset.camera,
    blob: { size: 150_000 },
    dataUrl: 'data:image/jpeg;base64,/9j/2Q==',
    base64: '/9j/2Q==',
    width: 1280,
    height: 720,
    step: { scale: 1, quality: 0.92 },
  })),
}));

const CAMERA: Result<'cameras.get'> = {
  id: 'cam-0042',
  name: '湖滨南路筼筜段 042',
  district: '350203',
  road: '湖滨南路',
  kind: 'fixed',
  status: 'online',
  lat: 24.478,
  lng: 118.11,
  streams: { main: 'http://media.test/hls/cam-0042/main.m3u8', sub: null },
};

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  // happy-dom's <dialog> opens and closes by its attribute.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

async function flush(): Promise<void> {
  for (let i = 0; i < 8; i++) await settle();
}

function rig() {
  const app = egretTestApp({ session: signedInSession('video_patroller') });
  const reports: Params<'video.report'>[] = [];
  let refusal: ApiCallError | null = null;
  app.host.handlers['cameras.get'] = () => ({ ...CAMERA });
  app.host.handlers['video.report'] = (params) => {
    reports.push(params);
    if (refusal) throw refusal;
    return { incident: 'inc-video-1', commands: ['c1', 'c2'] };
  };
  app.host.handlers['map.incidents'] = () => ({
    items: [
      {
        id: 'inc-near',
        title: '湖滨南路 拥堵',
        category: 'traffic.congestion',
        priority: 3,
        status: 'new',
        lat: 24.4781,
        lng: 118.1101,
        district: '350203',
        address: '湖滨南路',
        overdue: false,
        open: true,
        reportedAt: 0,
      },
      {
        id: 'inc-far',
        title: '远处的事件',
        category: 'traffic.congestion',
        priority: 3,
        status: 'new',
        lat: 24.6,
        lng: 118.3,
        district: '350203',
        address: null,
        overdue: false,
        open: true,
        reportedAt: 0,
      },
    ],
  });
  const tile = document.createElement('div');
  tile.dataset.camera = CAMERA.id;
  tile.tabIndex = 0;
  document.body.append(tile);
  app.client.start();
  wrapper = mount(VideoReport, {
    props: { keyTarget: tile, selectedTile: () => tile },
    global: { plugins: [app.plugin] },
    attachTo: document.body,
  });
  const find = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const key = (target: HTMLElement, key: string, init: KeyboardEventInit = {}) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  return { app, tile, reports, find, key, refuse: (e: ApiCallError | null) => (refusal = e) };
}

describe('VideoReport: from a tile to an incident, keyboard first', () => {
  it('opens on S with the snapshot and a title from the camera, and Enter files a new video incident', async () => {
    const { tile, reports, find, key } = rig();
    key(tile, 's');
    await flush();
    expect(find('video-report')?.hasAttribute('open')).toBe(true);
    expect(find('video-report-preview')?.getAttribute('src')).toBe('data:image/jpeg;base64,/9j/2Q==');
    expect(find('video-report-camera')?.textContent).toContain('湖滨南路筼筜段 042');
    expect((find('video-report-title') as HTMLInputElement).value).toBe('湖滨南路筼筜段 042 视频发现');
    expect(document.activeElement).toBe(find('video-report-mode-create'));

    key(find('video-report-mode-create')!, 'Enter');
    await flush();
    expect(reports).toEqual([
      {
        camera: 'cam-0042',
        snapshot: '/9j/2Q==',
        notifyTrafficPolice: false,
        create: { category: 'traffic.congestion', priority: 3, title: '湖滨南路筼筜段 042 视频发现' },
      },
    ]);
    expect(find('video-report')?.hasAttribute('open')).toBe(false);
    expect(find('video-report-notice')?.textContent).toContain('湖滨南路筼筜段 042 视频发现');
    expect(wrapper!.emitted('filed')).toEqual([['inc-video-1']]);
  });

  it('keeps everything typed when filing fails, says why, and files it as typed on the next Enter', async () => {
    const { tile, reports, find, key, refuse } = rig();
    key(tile, 'S');
    await flush();
    const title = find('video-report-title') as HTMLInputElement;
    title.value = '湖滨南路 多车追尾';
    title.dispatchEvent(new Event('input'));
    const description = find('video-report-description') as HTMLTextAreaElement;
    description.value = '占用两条车道';
    description.dispatchEvent(new Event('input'));
    (find('video-report-notify') as HTMLInputElement).click();
    refuse(new ApiCallError('not_found', 'no traffic police unit of district 350203'));
    key(title, 'Enter');
    await flush();
    expect(find('video-report-error')?.textContent).toContain('no traffic police unit of district 350203');
    expect(find('video-report')?.hasAttribute('open')).toBe(true);
    expect((find('video-report-title') as HTMLInputElement).value).toBe('湖滨南路 多车追尾');
    expect((find('video-report-description') as HTMLTextAreaElement).value).toBe('占用两条车道');
    expect((find('video-report-notify') as HTMLInputElement).checked).toBe(true);

    refuse(null);
    key(find('video-report-title')!, 'Enter');
    await flush();
    expect(reports.at(-1)).toMatchObject({
      notifyTrafficPolice: true,
      create: { title: '湖滨南路 多车追尾', description: '占用两条车道' },
    });
    expect(find('video-report')?.hasAttribute('open')).toBe(false);
  });

  it('attaches to the open incident nearest the camera (Alt+A), and refuses Enter until one is picked', async () => {
    const { app, tile, reports, find, key } = rig();
    key(tile, 's');
    await flush();
    key(find('video-report-mode-create')!, 'a', { altKey: true });
    await flush();
    app.timers.advance(250); // the search is debounced
    await flush();
    const choices = [...document.querySelectorAll<HTMLElement>('[data-testid="video-report-choice"]')];
    expect(choices.map((c) => c.dataset.id)).toEqual(['inc-near']); // the far one is beyond 3 km
    key(find('video-report-search')!, 'Enter');
    await flush();
    expect(reports).toEqual([]);
    expect(find('video-report-error')?.textContent).toBe('请选择要补充截图的事件');
    choices[0]!.querySelector('input')!.click();
    key(choices[0]!.querySelector('input')!, 'Enter');
    await flush();
    expect(reports).toEqual([{ camera: 'cam-0042', snapshot: '/9j/2Q==', notifyTrafficPolice: false, incident: 'inc-near' }]);
  });

  it('Esc cancels without filing; Ctrl+Enter in the description files, a plain Enter there does not', async () => {
    const { tile, reports, find, key } = rig();
    key(tile, 's');
    await flush();
    const dialog = find('video-report')!;
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    await flush();
    expect(dialog.hasAttribute('open')).toBe(false);
    expect(reports).toEqual([]);

    key(tile, 's');
    await flush();
    key(find('video-report-description')!, 'Enter');
    await flush();
    expect(reports).toEqual([]);
    key(find('video-report-description')!, 'Enter', { ctrlKey: true });
    await flush();
    expect(reports).toHaveLength(1);
  });

  it('ignores S typed into a text field and S with a modifier', async () => {
    const { tile, find, key } = rig();
    const input = document.createElement('input');
    tile.append(input);
    key(input, 's');
    key(tile, 's', { ctrlKey: true });
    await flush();
    expect(find('video-report')?.hasAttribute('open')).toBe(false);
  });
});
