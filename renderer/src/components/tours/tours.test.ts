// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params, Result, TourDef, TourRun, WallState } from '../../../../native/api/index.ts';
import { WALL_LIMITS } from '../../../../native/api/rules.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import TourControls from './TourControls.vue';
import { CAMERA_DRAG_TYPE } from '../wall/camera-drop.ts';
import TourEditor from './TourEditor.vue';

/**
 * Tours on the wall as the video patroller drives them: the controls ask the
 * host to run, pause and stop a tour and say where it is from the wall's
 * state; the editor makes a tour from cameras found by name.
 */

type DirectoryRow = Result<'cameras.directory'>[number];

const DIRECTORY: DirectoryRow[] = Array.from({ length: 12 }, (_, i) => ({
  id: `cam-${String(i + 1).padStart(4, '0')}`,
  name: `湖滨南路 ${i + 1} 号`,
  district: '350203',
  road: '湖滨南路',
  status: i === 2 ? 'offline' : 'online',
  kind: 'fixed',
}));
const ids = (...ns: number[]) => ns.map((n) => `cam-${String(n).padStart(4, '0')}`);

const MORNING: TourDef = { name: '早高峰', cameras: ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), dwellS: 10 };

function wallState(patch: Partial<WallState> = {}): WallState {
  return { operator: 'op-01', layout: '4', tiles: [ids(1)[0]!, null, null, null], maximised: null, view: null, tour: null, rev: 1, ...patch };
}

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function flush(): Promise<void> {
  for (let i = 0; i < 6; i++) await settle();
}

function rig(options: { tours?: TourDef[]; wall?: WallState; locale?: 'zh-CN' | 'en' } = {}) {
  const app = egretTestApp({ session: signedInSession('video_patroller'), locale: options.locale ?? 'zh-CN' });
  const calls: [string, unknown][] = [];
  let tours = [...(options.tours ?? [MORNING])];
  let wall = options.wall ?? wallState();
  const answerWall = (method: string) => (params: unknown) => {
    calls.push([method, params]);
    return wall;
  };
  Object.assign(app.host.handlers, {
    'wall.get': () => wall,
    'wall.views.list': () => [],
    'wall.tours.list': () => tours,
    'wall.tours.save': (tour: Params<'wall.tours.save'>) => {
      calls.push(['wall.tours.save', tour]);
      tours = [...tours.filter((t) => t.name !== tour.name), tour as TourDef];
      return tours;
    },
    'wall.tours.delete': ({ name }: { name: string }) => {
      calls.push(['wall.tours.delete', { name }]);
      tours = tours.filter((t) => t.name !== name);
      return tours;
    },
    'wall.tours.start': answerWall('wall.tours.start'),
    'wall.tours.pause': answerWall('wall.tours.pause'),
    'wall.tours.resume': answerWall('wall.tours.resume'),
    'wall.tours.stop': answerWall('wall.tours.stop'),
    'cameras.directory': () => DIRECTORY,
    'cameras.search': ({ q }: { q: string }) => {
      calls.push(['cameras.search', { q }]);
      return DIRECTORY.filter((c) => c.name.includes(q)).map(({ id }) => ({ id }));
    },
  });
  app.client.start();
  /** The host's timer moved the tour (or the operator did): the new wall state is pushed. */
  function push(tour: TourRun | null, patch: Partial<WallState> = {}): void {
    wall = { ...wall, ...patch, tour, rev: wall.rev + 1 };
    app.host.publish('wall.state', wall);
  }
  return { app, global: { plugins: [app.plugin] }, calls, push };
}

describe('the wall’s tour controls', () => {
  it('run the picked tour in the selected tile, say "3/12, next in 8 s" and count down, pause, resume and stop', async () => {
    const { app, global, calls, push } = rig();
    wrapper = mount(TourControls, { props: { selectedTile: 2 }, global, attachTo: document.body });
    await flush();
    expect((wrapper.get('[data-testid="tour-pick"]').element as HTMLSelectElement).value).toBe('早高峰');
    await wrapper.get('[data-testid="tour-start"]').trigger('click');
    await flush();
    expect(calls).toEqual([['wall.tours.start', { name: '早高峰', scope: 'tile', tile: 2 }]]);

    push({ name: '早高峰', scope: 'tile', tile: 2, index: 2, paused: false, nextAtMs: app.timers.now() + 8_000 });
    await flush();
    const controls = wrapper.get('[data-testid="tour-controls"]');
    expect(controls.attributes('data-running')).toBe('早高峰');
    expect(wrapper.get('[data-testid="tour-status"]').text()).toContain('第 3 格');
    expect(wrapper.get('[data-testid="tour-progress"]').text()).toBe('3/12');
    expect(wrapper.get('[data-testid="tour-next"]').text()).toContain('8 秒后切换');
    app.timers.advance(1_000);
    await flush();
    expect(wrapper.get('[data-testid="tour-next"]').text()).toContain('7 秒后切换');

    await wrapper.get('[data-testid="tour-pause"]').trigger('click');
    push({ name: '早高峰', scope: 'tile', tile: 2, index: 2, paused: true, nextAtMs: null });
    await flush();
    expect(calls.at(-1)![0]).toBe('wall.tours.pause');
    expect(wrapper.get('[data-testid="tour-paused"]').text()).toContain('已暂停');
    expect(wrapper.find('[data-testid="tour-next"]').exists()).toBe(false);

    await wrapper.get('[data-testid="tour-resume"]').trigger('click');
    await wrapper.get('[data-testid="tour-stop"]').trigger('click');
    await flush();
    expect(calls.slice(-2).map(([method]) => method)).toEqual(['wall.tours.resume', 'wall.tours.stop']);
    push(null);
    await flush();
    expect(controls.attributes('data-running')).toBe('');
    expect(wrapper.find('[data-testid="tour-start"]').exists()).toBe(true);
  });

  it("list a tour saved in another window of the operator as soon as the host pushes the operator's collections", async () => {
    const { app, global, calls } = rig();
    wrapper = mount(TourControls, { global, attachTo: document.body });
    await flush();
    const options = () => wrapper!.findAll('[data-testid="tour-pick"] option').map((o) => o.text());
    expect(options()).toEqual(['早高峰']);
    const evening: TourDef = { name: '晚高峰', cameras: ids(3, 4), dwellS: 15 };
    app.host.publish('wall.collections', { operator: 'op-01', favourites: [], groups: [], views: [], tours: [evening, MORNING], rev: 2 });
    await flush();
    expect(options()).toEqual(['晚高峰', '早高峰']);
    expect(calls).toEqual([]);
  });

  it('over the whole wall count pages of as many cameras as tiles', async () => {
    const { app, global, calls, push } = rig({ tours: [{ ...MORNING, cameras: MORNING.cameras.slice(0, 10) }] });
    wrapper = mount(TourControls, { props: { selectedTile: 1 }, global, attachTo: document.body });
    await flush();
    await wrapper.get('[data-testid="tour-scope"]').setValue('wall');
    await wrapper.get('[data-testid="tour-start"]').trigger('click');
    await flush();
    expect(calls).toEqual([['wall.tours.start', { name: '早高峰', scope: 'wall' }]]);
    push({ name: '早高峰', scope: 'wall', tile: null, index: 4, paused: false, nextAtMs: app.timers.now() + 10_000 });
    await flush();
    expect(wrapper.get('[data-testid="tour-status"]').text()).toContain('整面墙');
    expect(wrapper.get('[data-testid="tour-progress"]').text()).toBe('2/3');
  });

  it('read a tour started from another window (not yet listed here) for its progress', async () => {
    const { app, global, push } = rig({ tours: [] });
    wrapper = mount(TourControls, { props: { selectedTile: 0 }, global, attachTo: document.body });
    await flush();
    // Saved and started in another window: the host lists it now.
    Object.assign(app.host.handlers, { 'wall.tours.list': () => [MORNING] });
    push({ name: '早高峰', scope: 'tile', tile: 0, index: 5, paused: false, nextAtMs: app.timers.now() + 4_000 });
    await flush();
    expect(wrapper.get('[data-testid="tour-progress"]').text()).toBe('6/12');
  });

  it('say why the host refused, and start nothing without a tour', async () => {
    const { app, global } = rig({ locale: 'en' });
    app.host.handlers['wall.tours.start'] = () => {
      throw new ApiCallError('invalid_params', 'tile 9 is not on a wall of 4');
    };
    wrapper = mount(TourControls, { props: { selectedTile: 0 }, global, attachTo: document.body });
    await flush();
    await wrapper.get('[data-testid="tour-start"]').trigger('click');
    await flush();
    expect(wrapper.get('[data-testid="tour-error"]').text()).toBe('Tour action failed: tile 9 is not on a wall of 4');

    const empty = rig({ tours: [], locale: 'en' });
    wrapper.unmount();
    wrapper = mount(TourControls, { global: empty.global, attachTo: document.body });
    await flush();
    expect(wrapper.get('[data-testid="tour-pick"]').text()).toBe('No tours yet: create one first');
    expect(wrapper.get('[data-testid="tour-start"]').attributes('disabled')).toBeDefined();
  });
});

describe('the tour editor', () => {
  it('makes a tour from cameras found by name (keys only), the wall’s cameras and its order, and saves it in the host', async () => {
    const { app, global, calls } = rig({ tours: [] });
    wrapper = mount(TourEditor, { props: { wallCameras: ids(1, 5) }, global, attachTo: document.body });
    await flush();
    await wrapper.get('[data-testid="tour-name"]').setValue('  湖滨南路  ');
    await wrapper.get('[data-testid="tour-dwell"]').setValue('8');

    const search = wrapper.get('[data-testid="tour-search"]');
    await search.setValue('1');
    app.timers.advance(200);
    await flush();
    // 1, 10, 11, 12 match "1"; ↓ then Enter adds the second.
    expect(wrapper.findAll('[data-testid="tour-choice"]').map((c) => c.text())).toEqual([
      '湖滨南路 1 号 思明区',
      '湖滨南路 10 号 思明区',
      '湖滨南路 11 号 思明区',
      '湖滨南路 12 号 思明区',
    ]);
    await search.trigger('keydown', { key: 'ArrowDown' });
    await search.trigger('keydown', { key: 'Enter' });
    await wrapper.get('[data-testid="tour-add-wall"]').trigger('click');
    await search.setValue('3');
    app.timers.advance(200);
    await flush();
    await search.trigger('keydown', { key: 'Enter' });
    await flush();

    const rows = wrapper.findAll('[data-testid="tour-camera"]');
    expect(rows.map((row) => row.attributes('data-camera'))).toEqual(ids(10, 1, 5, 3));
    // Names on screen, never ids; an offline camera is kept and marked.
    expect(rows[3]!.text()).toContain('湖滨南路 3 号');
    expect(rows[3]!.text()).toContain('离线');
    expect(wrapper.get('[data-testid="tour-cameras"]').text()).not.toContain('cam-');
    // Moved up: 1 goes first.
    await rows[1]!.get('button[aria-label="上移"]').trigger('click');

    await wrapper.get('[data-testid="tour-save"]').trigger('submit');
    await flush();
    expect(calls.filter(([method]) => method === 'wall.tours.save')).toEqual([
      ['wall.tours.save', { name: '湖滨南路', dwellS: 8, cameras: ids(1, 10, 5, 3) }],
    ]);
    expect(wrapper.emitted('saved')).toEqual([['湖滨南路']]);
  });

  it('takes cameras dragged in from the directory (once each), and nothing else', async () => {
    const { global } = rig({ tours: [] });
    wrapper = mount(TourEditor, { global, attachTo: document.body });
    await flush();
    const list = wrapper.get('[data-testid="tour-cameras"]');
    const dragged = (id: string) => ({ types: [CAMERA_DRAG_TYPE], getData: (type: string) => (type === CAMERA_DRAG_TYPE ? id : ''), dropEffect: 'none' });
    await list.trigger('dragover', { dataTransfer: dragged('cam-0007') });
    expect(list.text()).toContain('把摄像头拖到这里添加');
    await list.trigger('drop', { dataTransfer: dragged('cam-0007') });
    await list.trigger('drop', { dataTransfer: dragged('cam-0007') });
    await list.trigger('drop', { dataTransfer: { types: ['text/plain'], getData: () => 'cam-0008' } });
    await flush();
    expect(wrapper.findAll('[data-testid="tour-camera"]').map((row) => row.attributes('data-camera'))).toEqual(['cam-0007']);
    expect(wrapper.get('[data-testid="tour-camera"]').text()).toContain('湖滨南路 7 号');
  });

  it('says what is missing and saves nothing until the tour is whole', async () => {
    const { global, calls } = rig({ tours: [] });
    wrapper = mount(TourEditor, { props: { wallCameras: ids(2) }, global, attachTo: document.body });
    await flush();
    const form = wrapper.get('[data-testid="tour-editor"]');
    await form.trigger('submit');
    expect(wrapper.get('[data-testid="tour-problem"]').text()).toBe('请填写 1 到 40 个字的名称');
    await wrapper.get('[data-testid="tour-name"]').setValue('夜巡');
    await wrapper.get('[data-testid="tour-dwell"]').setValue('2');
    await form.trigger('submit');
    expect(wrapper.get('[data-testid="tour-problem"]').text()).toBe('停留时间需为 3 到 600 之间的整数秒');
    await wrapper.get('[data-testid="tour-dwell"]').setValue('601');
    await form.trigger('submit');
    expect(wrapper.get('[data-testid="tour-problem"]').text()).toBe('停留时间需为 3 到 600 之间的整数秒');
    await wrapper.get('[data-testid="tour-dwell"]').setValue('3');
    await form.trigger('submit');
    expect(wrapper.get('[data-testid="tour-problem"]').text()).toBe('至少添加一路摄像头');
    await flush();
    expect(calls.filter(([method]) => method === 'wall.tours.save')).toEqual([]);
  });

  it('renames a tour by saving it under the new name and deleting the old, and deletes one', async () => {
    const { global, calls } = rig();
    wrapper = mount(TourEditor, { props: { tour: MORNING }, global, attachTo: document.body });
    await flush();
    expect(wrapper.findAll('[data-testid="tour-camera"]')).toHaveLength(12);
    await wrapper.get('[data-testid="tour-name"]').setValue('上午');
    await wrapper.get('[data-testid="tour-camera-remove"]').trigger('click');
    await wrapper.get('[data-testid="tour-editor"]').trigger('submit');
    await flush();
    expect(calls.map(([method, params]) => [method, (params as { name: string }).name])).toEqual([
      ['wall.tours.save', '上午'],
      ['wall.tours.delete', '早高峰'],
    ]);
    expect((calls[0]![1] as TourDef).cameras).toEqual(MORNING.cameras.slice(1));

    await wrapper.get('[data-testid="tour-delete"]').trigger('click');
    await flush();
    expect(wrapper.emitted('deleted')).toEqual([['早高峰']]);
  });

  it(`says a tour holds at most ${WALL_LIMITS.listCameras} cameras, and at ${WALL_LIMITS.tours} tours saves only over one of them`, async () => {
    const full: TourDef = { name: '全城', cameras: Array.from({ length: WALL_LIMITS.listCameras }, (_, i) => `gone-${i}`), dwellS: 5 };
    const others = Array.from({ length: WALL_LIMITS.tours - 1 }, (_, i) => ({ name: `t${String(i).padStart(3, '0')}`, cameras: ids(1), dwellS: 5 }));
    const { global, calls } = rig({ tours: [full, ...others] });
    wrapper = mount(TourEditor, { props: { tour: full, wallCameras: ids(1, 2) }, global, attachTo: document.body });
    await flush();
    const list = wrapper.get('[data-testid="tour-cameras"]');
    await list.trigger('drop', { dataTransfer: { types: [CAMERA_DRAG_TYPE], getData: () => 'cam-0007' } });
    await flush();
    expect(wrapper.get('[data-testid="tour-problem"]').text()).toBe(`一个轮巡最多 ${WALL_LIMITS.listCameras} 路摄像头`);
    await wrapper.get('[data-testid="tour-add-wall"]').trigger('click');
    expect(wrapper.findAll('[data-testid="tour-camera"]')).toHaveLength(WALL_LIMITS.listCameras);

    // Saved over its own name it fits; under a new name it would be one tour too many.
    await wrapper.get('[data-testid="tour-name"]').setValue('全城夜巡');
    await wrapper.get('[data-testid="tour-editor"]').trigger('submit');
    await flush();
    expect(wrapper.get('[data-testid="tour-problem"]').text()).toBe(`最多保存 ${WALL_LIMITS.tours} 个轮巡：先删除一个，或用已有轮巡的名称保存覆盖它`);
    await wrapper.get('[data-testid="tour-name"]').setValue('全城');
    await wrapper.get('[data-testid="tour-editor"]').trigger('submit');
    await flush();
    expect(calls.map(([method, params]) => [method, (params as TourDef).name, (params as TourDef).cameras.length])).toEqual([
      ['wall.tours.save', '全城', WALL_LIMITS.listCameras],
    ]);
  });
});
