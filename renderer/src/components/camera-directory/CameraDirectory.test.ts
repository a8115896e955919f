// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Result, WallCollections } from '../../../../native/api/index.ts';
import { WALL_LIMITS } from '../../../../native/api/rules.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { CAMERA_DRAG_TYPE } from '../wall/camera-drop.ts';
import CameraDirectory from './CameraDirectory.vue';
import { DIRECTORY_MIN_INTERVAL_MS, DIRECTORY_SEARCH_DEBOUNCE_MS } from './use-camera-directory.ts';

/**
 * The video patroller's camera directory: a tree of the cameras by district
 * and road, found by what is typed, put on the wall by keyboard, double-click
 * or drag, with favourites and groups kept by the host.
 */

type Row = Result<'cameras.directory'>[number];
type Group = Result<'cameras.groups'>[number];

const SMALL: Row[] = [
  { id: 'cam-0001', name: '湖滨南路筼筜段 001', district: '350203', road: '湖滨南路', status: 'online', kind: 'fixed' },
  { id: 'cam-0002', name: '湖滨南路筼筜段 002', district: '350203', road: '湖滨南路', status: 'offline', kind: 'fixed' },
  { id: 'cam-0003', name: '湖滨南路莲前段 003', district: '350203', road: '湖滨南路', status: 'flapping', kind: 'ptz' },
  { id: 'cam-0100', name: '湖里区殿前社区小区东门', district: '350206', road: null, status: 'online', kind: 'dome' },
];

/** 3,060 cameras on one long road: unfolded, the list is 3,060 camera rows long. */
function oneLongRoad(): Row[] {
  return Array.from({ length: 3060 }, (_, i) => ({
    id: `cam-${String(i + 1).padStart(4, '0')}`,
    name: `环岛路 ${String(i + 1).padStart(4, '0')}`,
    district: '350203',
    road: '环岛路',
    status: i % 50 === 0 ? 'offline' : 'online',
    kind: 'fixed',
  }));
}

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function flush(): Promise<void> {
  for (let i = 0; i < 6; i++) await settle();
}

function rig(
  options: { cameras?: Row[]; role?: 'video_patroller' | 'call_taker'; locale?: 'zh-CN' | 'en'; favourites?: string[]; groups?: Group[] } = {},
) {
  const app = egretTestApp({ session: signedInSession(options.role ?? 'video_patroller'), locale: options.locale ?? 'zh-CN' });
  const calls: [string, unknown][] = [];
  let favourites: string[] = options.favourites ?? [];
  let groups: Group[] = options.groups ?? [];
  const personal = <T>(fn: () => T) => {
    if (options.role === 'call_taker') throw new ApiCallError('forbidden', 'a call taker keeps no favourites');
    return fn();
  };
  Object.assign(app.host.handlers, {
    'cameras.directory': () => {
      calls.push(['cameras.directory', {}]);
      return options.cameras ?? SMALL;
    },
    'cameras.search': (params: { q: string; limit: number }) => {
      calls.push(['cameras.search', params]);
      if (params.q === 'cam') return Array.from({ length: params.limit }, (_, i) => ({ id: `cam-${String(i + 1).padStart(4, '0')}` }));
      return params.q === 'hbnl' ? [{ id: 'cam-0003' }, { id: 'cam-0001' }, { id: 'cam-0002' }] : [];
    },
    'cameras.favourites': () => personal(() => favourites),
    'cameras.favourites.set': (params: { camera: string; on: boolean }) =>
      personal(() => {
        calls.push(['cameras.favourites.set', params]);
        favourites = params.on ? [...favourites, params.camera] : favourites.filter((id) => id !== params.camera);
        return favourites;
      }),
    'cameras.groups': () => personal(() => groups),
    'cameras.groups.save': (params: Group) => {
      calls.push(['cameras.groups.save', params]);
      groups = [...groups.filter((g) => g.name !== params.name), params];
      return groups;
    },
    'cameras.groups.delete': (params: { name: string }) => {
      calls.push(['cameras.groups.delete', params]);
      groups = groups.filter((g) => g.name !== params.name);
      return groups;
    },
  });
  app.client.start();
  const placed: string[] = [];
  wrapper = mount(CameraDirectory, { global: { plugins: [app.plugin] }, attachTo: document.body, props: { onPlace: (id: string) => placed.push(id) } });
  const w = wrapper;
  const list = () => w.get('[data-testid="directory-list"]');
  const key = async (k: string) => {
    await list().trigger('keydown', { key: k });
    await flush();
  };
  // A node's parts (fold mark, name, counts, buttons) one space apart.
  const nodes = () =>
    w.findAll('[data-testid="directory-node"]').map((n) =>
      n
        .findAll('span, button')
        .map((part) => part.text().trim())
        .join(' '),
    );
  const cameraNames = () => w.findAll('[data-testid="directory-camera-name"]').map((n) => n.text());
  const focused = () => w.find('.tree-row.focused');
  return { app, w, calls, placed, list, key, nodes, cameraNames, focused };
}

describe('CameraDirectory', () => {
  it('shows districts by name with their cameras and offline counts; arrows, Right and Enter put a camera on the wall by its id', async () => {
    const r = rig();
    await flush();
    expect(r.nodes()).toEqual(['▾ 收藏 0 路', '▸ 思明区 3 路 1 路离线', '▸ 湖里区 1 路']);
    await r.key('ArrowDown');
    await r.key('ArrowDown');
    expect(r.focused().text()).toContain('思明区');
    await r.key('ArrowRight');
    expect(r.nodes()).toContain('▸ 湖滨南路 3 路 1 路离线');
    await r.key('ArrowDown');
    await r.key('ArrowRight');
    // Names on screen, the id only as secondary text; the offline one greyed and said.
    expect(r.cameraNames()).toEqual(['湖滨南路筼筜段 001', '湖滨南路筼筜段 002', '湖滨南路莲前段 003']);
    const offline = r.w.get('[data-camera="cam-0002"]');
    expect(offline.classes()).toContain('offline');
    expect(offline.text()).toContain('离线');
    expect(r.w.get('[data-camera="cam-0003"]').text()).toContain('时断时续');
    await r.key('ArrowRight'); // open already: moves to the first camera
    await r.key('Enter');
    expect(r.placed).toEqual(['cam-0001']);
    // Left from a camera goes to its road, Left again folds it.
    await r.key('ArrowLeft');
    expect(r.focused().text()).toContain('湖滨南路');
    await r.key('ArrowLeft');
    expect(r.cameraNames()).toEqual([]);
  });

  it('double-click places a camera; a drag carries its id as the camera type', async () => {
    const r = rig();
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[2]!.trigger('click'); // 湖里区
    await flush();
    await r.w.findAll('[data-testid="directory-node"]').at(-1)!.trigger('click'); // its cameras on no road
    await flush();
    const row = r.w.get('[data-camera="cam-0100"]');
    expect(row.text()).toContain('湖里区殿前社区小区东门');
    await row.trigger('dblclick');
    expect(r.placed).toEqual(['cam-0100']);
    const data = new Map<string, string>();
    const dataTransfer = { setData: (type: string, value: string) => data.set(type, value), effectAllowed: 'all' };
    await row.trigger('dragstart', { dataTransfer });
    expect(data.get(CAMERA_DRAG_TYPE)).toBe('cam-0100');
    expect(dataTransfer.effectAllowed).toBe('copy');
    expect(row.attributes('draggable')).toBe('true');
  });

  it('searches as typing pauses, shows the matches best first with where they are, and Enter in the box places the best', async () => {
    const r = rig();
    await flush();
    const box = r.w.get('[data-testid="directory-search"]');
    await box.setValue('hb');
    await box.setValue('hbnl');
    r.app.timers.advance(DIRECTORY_SEARCH_DEBOUNCE_MS - 1);
    await flush();
    expect(r.calls.filter(([m]) => m === 'cameras.search')).toEqual([]);
    r.app.timers.advance(1);
    await flush();
    expect(r.calls.filter(([m]) => m === 'cameras.search')).toEqual([['cameras.search', { q: 'hbnl', limit: 200 }]]);
    expect(r.cameraNames()).toEqual(['湖滨南路莲前段 003', '湖滨南路筼筜段 001', '湖滨南路筼筜段 002']);
    expect(r.w.get('[data-camera="cam-0003"]').text()).toContain('思明区 · 湖滨南路');
    expect(r.w.get('[data-testid="directory-status"]').text()).toBe('找到 3 路');
    await box.trigger('keydown', { key: 'Enter' });
    expect(r.placed).toEqual(['cam-0003']);
    // Down into the list, then Enter on the second match.
    await box.trigger('keydown', { key: 'ArrowDown' });
    await r.key('ArrowDown');
    await r.key('Enter');
    expect(r.placed).toEqual(['cam-0003', 'cam-0001']);
    // Online only leaves the offline match out; nothing found says so.
    await r.w.get('[data-testid="directory-online-only"]').setValue(true);
    await flush();
    expect(r.cameraNames()).toEqual(['湖滨南路莲前段 003', '湖滨南路筼筜段 001']);
    await box.setValue('zzz');
    r.app.timers.advance(DIRECTORY_SEARCH_DEBOUNCE_MS);
    await flush();
    expect(r.w.get('[data-testid="directory-status"]').text()).toBe('没有匹配的摄像头');
    // As many matches as the host lists at most: more may match, and the status says so.
    await box.setValue('cam');
    r.app.timers.advance(DIRECTORY_SEARCH_DEBOUNCE_MS);
    await flush();
    expect(r.w.get('[data-testid="directory-status"]').text()).toBe('只列出最相符的 200 路：输入更多文字可缩小范围');
    // Esc clears the search: the tree is back.
    await box.trigger('keydown', { key: 'Escape' });
    await flush();
    expect(r.nodes()[1]).toContain('思明区');
  });

  it('a star makes a favourite, listed first; marked cameras become a named group, and leave it again', async () => {
    const r = rig({ locale: 'en' });
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[1]!.trigger('click');
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[2]!.trigger('click');
    await flush();
    await r.w.get('[data-camera="cam-0001"] [data-testid="directory-star"]').trigger('click');
    await flush();
    expect(r.calls).toContainEqual(['cameras.favourites.set', { camera: 'cam-0001', on: true }]);
    expect(r.nodes()[0]).toBe('▾ Favourites 1 cameras');
    expect(r.w.findAll('[data-camera="cam-0001"]')).toHaveLength(2);
    expect(r.w.get('[data-camera="cam-0001"] [data-testid="directory-star"]').attributes('aria-pressed')).toBe('true');

    // Space marks the focused camera, Ctrl+click another.
    await r.w.findAll('[data-camera="cam-0001"]')[1]!.trigger('click');
    await r.key(' ');
    await r.w.get('[data-camera="cam-0003"]').trigger('click', { ctrlKey: true });
    await flush();
    expect(r.w.get('[data-testid="directory-selection"]').text()).toContain('2 selected');
    await r.w.get('[data-testid="directory-new-group"]').trigger('click');
    await flush();
    await r.w.get('[data-testid="directory-group-name"]').setValue('Lakeside');
    await r.w.get('[data-testid="directory-save-group"]').trigger('submit');
    await flush();
    expect(r.calls).toContainEqual(['cameras.groups.save', { name: 'Lakeside', cameras: ['cam-0001', 'cam-0003'] }]);
    expect(r.w.find('[data-testid="directory-selection"]').exists()).toBe(false);
    expect(r.nodes()[1]).toBe('▾ Group: Lakeside 2 cameras ×');

    const inGroup = r.w.get('[data-key="group:Lakeside/cam-0001"]');
    await inGroup.get('[data-testid="directory-remove-from-group"]').trigger('click');
    await flush();
    expect(r.calls).toContainEqual(['cameras.groups.save', { name: 'Lakeside', cameras: ['cam-0003'] }]);
    await r.w.get('[data-testid="directory-delete-group"]').trigger('click');
    await flush();
    expect(r.calls).toContainEqual(['cameras.groups.delete', { name: 'Lakeside' }]);
    expect(r.nodes().some((n) => n.includes('Lakeside'))).toBe(false);
  });

  it('a camera going offline reaches the directory from the host’s change notices, re-read at most every few seconds', async () => {
    const cameras = SMALL.map((c) => ({ ...c }));
    const r = rig({ cameras });
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[1]!.trigger('click');
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[2]!.trigger('click');
    await flush();
    const reads = () => r.calls.filter(([m]) => m === 'cameras.directory').length;
    expect(reads()).toBe(1);
    cameras[0]!.status = 'offline';
    r.app.host.publish('entities.changed', [{ kind: 'camera', upserted: ['cam-0001'], deleted: [] }]);
    r.app.timers.advance(100);
    await flush();
    expect(reads()).toBe(1);
    // Changes to other kinds are not the directory's business.
    r.app.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-1'], deleted: [] }]);
    r.app.timers.advance(DIRECTORY_MIN_INTERVAL_MS);
    await flush();
    expect(reads()).toBe(2);
    expect(r.w.get('[data-camera="cam-0001"]').classes()).toContain('offline');
    expect(r.nodes()[1]).toBe('▾ 思明区 3 路 2 路离线');
  });

  it('a role that keeps no favourites sees the cameras without stars or favourites', async () => {
    const r = rig({ role: 'call_taker' });
    await flush();
    expect(r.nodes()).toEqual(['▸ 思明区 3 路 1 路离线', '▸ 湖里区 1 路']);
    await r.w.findAll('[data-testid="directory-node"]')[0]!.trigger('click');
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[1]!.trigger('click');
    await flush();
    expect(r.cameraNames()).toHaveLength(3);
    expect(r.w.find('[data-testid="directory-star"]').exists()).toBe(false);
    expect(r.w.find('[data-testid="directory-error"]').exists()).toBe(false);
  });

  it('draws only the rows on screen of 3,060 cameras, and End reaches the last one', async () => {
    const r = rig({ cameras: oneLongRoad() });
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[1]!.trigger('click');
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[2]!.trigger('click');
    await flush();
    expect(r.nodes()[2]).toBe('▾ 环岛路 3060 路 62 路离线');
    await r.key('End');
    expect(r.focused().attributes('data-camera')).toBe('cam-3060');
    const drawn = r.w.findAll('[role="treeitem"]').length;
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    await r.key('Enter');
    expect(r.placed).toEqual(['cam-3060']);
  });
});

describe('CameraDirectory: the operator’s favourites and groups', () => {
  const collections = (patch: Partial<WallCollections>): WallCollections => ({
    operator: 'op-01',
    favourites: [],
    groups: [],
    views: [],
    tours: [],
    rev: 1,
    ...patch,
  });

  it('shows what another window of the operator starred or grouped, as the host pushes it; never another operator’s', async () => {
    const r = rig({ locale: 'en' });
    await flush();
    expect(r.nodes()[0]).toBe('▾ Favourites 0 cameras');
    r.app.host.publish('wall.collections', collections({ favourites: ['cam-0100'], groups: [{ name: 'Gate', cameras: ['cam-0001'] }], rev: 3 }));
    await flush();
    expect(r.nodes().slice(0, 2)).toEqual(['▾ Favourites 1 cameras', '▾ Group: Gate 1 cameras ×']);
    expect(r.w.find('[data-key="favourites/cam-0100"]').exists()).toBe(true);

    r.app.host.publish('wall.collections', collections({ operator: 'op-99', favourites: ['cam-0001', 'cam-0002'], rev: 9 }));
    await flush();
    expect(r.nodes().slice(0, 2)).toEqual(['▾ Favourites 1 cameras', '▾ Group: Gate 1 cameras ×']);
    // Nothing was asked of the host for it: the push carried it.
    expect(r.calls.filter(([m]) => m !== 'cameras.directory')).toEqual([]);
  });

  it(`says a star past ${WALL_LIMITS.favourites} favourites cannot be kept, and asks the host nothing`, async () => {
    const most = Array.from({ length: WALL_LIMITS.favourites }, (_, i) => `gone-${i}`);
    const r = rig({ locale: 'en', favourites: most });
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[1]!.trigger('click');
    await flush();
    await r.w.findAll('[data-testid="directory-node"]')[2]!.trigger('click');
    await flush();
    await r.w.get('[data-camera="cam-0001"] [data-testid="directory-star"]').trigger('click');
    await flush();
    expect(r.w.get('[data-testid="directory-limit"]').text()).toBe(`At most ${WALL_LIMITS.favourites} favourite cameras: remove one first`);
    expect(r.calls.some(([m]) => m === 'cameras.favourites.set')).toBe(false);
  });

  it(`says a new group past ${WALL_LIMITS.groups} groups, or a group past ${WALL_LIMITS.listCameras} cameras, cannot be kept`, async () => {
    const groups: Group[] = Array.from({ length: WALL_LIMITS.groups }, (_, i) => ({ name: `g${String(i).padStart(3, '0')}`, cameras: ['gone'] }));
    groups[0] = { name: 'g000', cameras: Array.from({ length: WALL_LIMITS.listCameras - 1 }, (_, i) => `gone-${i}`) };
    const r = rig({ groups });
    await flush();
    // Two cameras marked from a search.
    await r.w.get('[data-testid="directory-search"]').setValue('hbnl');
    r.app.timers.advance(DIRECTORY_SEARCH_DEBOUNCE_MS);
    await flush();
    await r.w.get('[data-camera="cam-0001"]').trigger('click', { ctrlKey: true });
    await r.w.get('[data-camera="cam-0003"]').trigger('click', { ctrlKey: true });
    await flush();

    await r.w.get('[data-testid="directory-new-group"]').trigger('click');
    await flush();
    await r.w.get('[data-testid="directory-group-name"]').setValue('新分组');
    await r.w.get('[data-testid="directory-save-group"]').trigger('submit');
    await flush();
    expect(r.w.get('[data-testid="directory-limit"]').text()).toBe(`最多保存 ${WALL_LIMITS.groups} 个分组：先删除一个，或加入已有分组`);

    // g000 holds one camera fewer than the most: two more do not fit.
    await r.w.get('[data-testid="directory-pick-group"]').setValue('g000');
    await r.w.get('[data-testid="directory-add-to-group"]').trigger('click');
    await flush();
    expect(r.w.get('[data-testid="directory-limit"]').text()).toBe(`一个分组最多 ${WALL_LIMITS.listCameras} 路摄像头`);
    expect(r.calls.some(([m]) => m.startsWith('cameras.groups.'))).toBe(false);

    // Still marked: into a group with room they go, and the message goes with the next change.
    expect(r.w.get('[data-testid="directory-selection"]').text()).toContain('已选 2 路');
    await r.w.get('[data-testid="directory-pick-group"]').setValue('g001');
    await r.w.get('[data-testid="directory-add-to-group"]').trigger('click');
    await flush();
    expect(r.calls).toContainEqual(['cameras.groups.save', { name: 'g001', cameras: ['gone', 'cam-0001', 'cam-0003'] }]);
    expect(r.w.find('[data-testid="directory-limit"]').exists()).toBe(false);
  });
});
