// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Result } from '../../../../native/api/index.ts';
import { WALL_LIMITS } from '../../../../native/api/rules.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { FakeWall } from '../../test-support/fake-wall.ts';
import { FakeSelection } from '../../test-support/fake-selection.ts';
import { useSelectionStore } from '../../stores/selection.ts';
import { CAMERA_DRAG_TYPE } from './camera-drop.ts';
import CameraWall from './CameraWall.vue';

/** The tile as the wall drives it (its props on data attributes); playing video is CameraTile's own test. */
const TileProbe = defineComponent({
  props: { cameraId: { type: String, default: null }, large: Boolean, selected: Boolean, tileIndex: { type: Number, default: null }, visible: Boolean },
  setup: (props) => () =>
    h('figure', {
      'data-testid': 'camera-tile',
      'data-camera': props.cameraId,
      'data-large': String(props.large),
      'data-selected': String(props.selected),
      'data-visible': String(props.visible),
    }),
});

const INCIDENT = {
  id: 'inc-9',
  title: '湖滨南路两车追尾',
  lat: 24.47,
  lng: 118.1,
};
const NEAR: Result<'cameras.nearest'> = [
  { id: 'cam-n1', name: '湖滨南路口 东', metres: 42.4, status: 'online', lat: 24.47, lng: 118.1 },
  { id: 'cam-n2', name: '湖滨南路口 西', metres: 88, status: 'online', lat: 24.47, lng: 118.1 },
];

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function mountWall(wall: FakeWall, props: { incidentId?: string | null } = {}) {
  const app = egretTestApp({ session: signedInSession('video_patroller') });
  Object.assign(app.host.handlers, wall.handlers, {
    'incident.get': ({ id }: { id: string }) => ({ incident: { ...INCIDENT, id }, events: [] }),
    'cameras.nearest': () => NEAR,
  });
  wall.attach(app.host);
  app.client.start();
  wrapper = mount(CameraWall, { props, global: { plugins: [app.plugin], stubs: { CameraTile: TileProbe } }, attachTo: document.body });
  await settle();
  await settle();
  return { app, wrapper };
}

const slots = (w: VueWrapper) => w.findAll('[data-testid="wall-slot"]');
const key = async (w: VueWrapper, k: string) => {
  await w.get('[data-testid="camera-wall"]').trigger('keydown', { key: k });
  await settle();
};

describe('the camera wall', () => {
  it("lays out the host's wall: a tile per camera, empty tiles saying how to fill them, tile 0 large in a hotspot", async () => {
    const wall = new FakeWall('op-01', '1+5');
    wall.state.tiles = ['cam-1', 'cam-2', null, null, null, 'cam-6'];
    const { wrapper } = await mountWall(wall);
    expect(wrapper.get('[data-testid="camera-wall"]').attributes('data-layout')).toBe('1+5');
    expect(slots(wrapper)).toHaveLength(6);
    expect(slots(wrapper).map((s) => s.attributes('data-camera'))).toEqual(['cam-1', 'cam-2', '', '', '', 'cam-6']);
    expect(wrapper.findAll('[data-testid="wall-empty"]')).toHaveLength(3);
    const tiles = wrapper.findAll('[data-testid="camera-tile"]');
    expect(tiles.map((t) => t.attributes('data-large'))).toEqual(['true', 'false', 'false']);
    expect(slots(wrapper)[0]!.attributes('style')).toContain('grid-row: 1 / span 2');
    expect(wrapper.get('[data-testid="wall-grid"]').attributes('style')).toContain('repeat(3, minmax(0, 1fr))');
  });

  it('shows which digit picks which layout, and picks layout 16 with the 4 key', async () => {
    const wall = new FakeWall();
    const { wrapper } = await mountWall(wall);
    const layoutButton = wrapper.get('[data-testid="wall-layout"][data-layout="16"]');
    expect(layoutButton.text()).toBe('416');
    expect(layoutButton.attributes('title')).toBe('16 画面 · 按 4');
    expect(wrapper.get('[data-testid="wall-layout"][data-layout="1+12"]').attributes('aria-keyshortcuts')).toBe('8');
    await key(wrapper, '4');
    expect(wall.state.layout).toBe('16');
    expect(slots(wrapper)).toHaveLength(16);
    expect(wrapper.get('[data-testid="wall-layout"][data-layout="16"]').attributes('aria-pressed')).toBe('true');
  });

  it('moves the selection with the arrows, maximises the selected tile with Enter and restores with Esc', async () => {
    const wall = new FakeWall('op-01', '9');
    wall.state.tiles = ['cam-1', 'cam-2', 'cam-3', 'cam-4', 'cam-5', null, null, null, null];
    const { wrapper } = await mountWall(wall);
    await key(wrapper, 'ArrowRight');
    await key(wrapper, 'ArrowDown');
    expect(slots(wrapper)[4]!.classes()).toContain('selected');
    expect(wrapper.get('[data-camera="cam-5"][data-testid="camera-tile"]').attributes('data-selected')).toBe('true');

    await key(wrapper, 'Enter');
    expect(wall.state.maximised).toBe(4);
    const maxed = slots(wrapper)[4]!;
    expect(maxed.attributes('style')).toContain('grid-row: 1 / -1');
    expect(wrapper.get('[data-camera="cam-5"][data-testid="camera-tile"]').attributes('data-large')).toBe('true');
    // The others are hidden and told so: they stop loading.
    expect(slots(wrapper)[0]!.attributes('style')).toContain('display: none');
    expect(wrapper.get('[data-camera="cam-1"][data-testid="camera-tile"]').attributes('data-visible')).toBe('false');
    // Arrows do not wander off a maximised tile.
    await key(wrapper, 'ArrowLeft');
    expect(slots(wrapper)[4]!.classes()).toContain('selected');

    await key(wrapper, 'Escape');
    expect(wall.state.maximised).toBeNull();
    expect(wrapper.get('[data-camera="cam-1"][data-testid="camera-tile"]').attributes('data-visible')).toBe('true');
    expect(wrapper.get('[data-camera="cam-5"][data-testid="camera-tile"]').attributes('data-large')).toBe('false');
  });

  it('maximises a tile on double-click and back', async () => {
    const wall = new FakeWall();
    wall.state.tiles = ['cam-1', 'cam-2', null, null];
    const { wrapper } = await mountWall(wall);
    await slots(wrapper)[1]!.trigger('dblclick');
    await settle();
    expect(wall.state.maximised).toBe(1);
    await slots(wrapper)[1]!.trigger('dblclick');
    await settle();
    expect(wall.state.maximised).toBeNull();
  });

  it('clears the selected tile with Delete, and a tile by its × button', async () => {
    const wall = new FakeWall();
    wall.state.tiles = ['cam-1', 'cam-2', null, null];
    const { wrapper } = await mountWall(wall);
    await key(wrapper, 'Delete');
    expect(wall.state.tiles).toEqual([null, 'cam-2', null, null]);
    await wrapper.get('[data-testid="wall-slot"][data-camera="cam-2"] [data-testid="wall-remove"]').trigger('click');
    await settle();
    expect(wall.state.tiles).toEqual([null, null, null, null]);
  });

  it('takes a camera dropped from the directory into that tile, and ignores other drops', async () => {
    const wall = new FakeWall();
    const { wrapper } = await mountWall(wall);
    const target = slots(wrapper)[2]!;
    const dataTransfer = { types: [CAMERA_DRAG_TYPE], getData: (type: string) => (type === CAMERA_DRAG_TYPE ? 'cam-77' : ''), dropEffect: 'none' };
    await target.trigger('dragover', { dataTransfer });
    expect(target.classes()).toContain('drop-target');
    expect(target.text()).toContain('放到第 3 格');
    await target.trigger('drop', { dataTransfer });
    await settle();
    expect(wall.calls.filter((c) => c.method === 'wall.place').map((c) => c.params)).toEqual([{ camera: 'cam-77', tile: 2 }]);
    expect(slots(wrapper)[2]!.attributes('data-camera')).toBe('cam-77');

    const text = { types: ['text/plain'], getData: (type: string) => (type === 'text/plain' ? 'cam-78' : '') };
    await slots(wrapper)[3]!.trigger('drop', { dataTransfer: text });
    await settle();
    expect(wall.calls.filter((c) => c.method === 'wall.place')).toHaveLength(1);
  });

  it('leaves keys typed in a field, and keys on the bar\'s buttons, to them', async () => {
    const wall = new FakeWall();
    wall.state.tiles = ['cam-1', null, null, null];
    const { wrapper } = await mountWall(wall);
    await wrapper.get('[data-testid="wall-views-toggle"]').trigger('click');
    await wrapper.get('[data-testid="wall-view-name"]').trigger('keydown', { key: '4' });
    await wrapper.get('[data-testid="wall-layout"][data-layout="9"]').trigger('keydown', { key: 'Enter' });
    await wrapper.get('[data-testid="wall-remove"]').trigger('keydown', { key: 'Enter' });
    await settle();
    expect(wall.state.layout).toBe('4');
    expect(wall.state.maximised).toBeNull();
    // The same keys on a tile are the wall's.
    await slots(wrapper)[0]!.trigger('keydown', { key: 'Enter' });
    await settle();
    expect(wall.state.maximised).toBe(0);
  });

  it('says why the host refused a change', async () => {
    const wall = new FakeWall();
    wall.unknown.add('cam-gone');
    const { wrapper } = await mountWall(wall);
    const dataTransfer = { types: [CAMERA_DRAG_TYPE], getData: () => 'cam-gone' };
    await slots(wrapper)[0]!.trigger('drop', { dataTransfer });
    await settle();
    expect(wrapper.get('[data-testid="wall-error"]').text()).toContain('cam-gone');
  });

  it("offers the selected incident's nearest online cameras, and C puts them on the wall from tile 0", async () => {
    const wall = new FakeWall();
    wall.state.tiles = [null, null, null, 'cam-keep'];
    const { app, wrapper } = await mountWall(wall, { incidentId: 'inc-9' });
    await settle();
    const bar = wrapper.get('[data-testid="wall-nearest"]');
    expect(bar.text()).toContain('湖滨南路两车追尾');
    expect(bar.findAll('[data-testid="wall-nearest-camera"]').map((c) => c.text())).toEqual(['湖滨南路口 东 42 米', '湖滨南路口 西 88 米']);
    const asked = app.host.shell.current.frames('request').find((f) => f.method === 'cameras.nearest');
    expect(asked?.params).toEqual({ lat: 24.47, lng: 118.1, k: 4, onlineOnly: true });

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'c' }));
    await settle();
    expect(wall.state.tiles).toEqual(['cam-n1', 'cam-n2', null, 'cam-keep']);
  });

  it("offers the cameras of the operator's shared selection, made in any window; closed, the bar stays closed until an incident is picked again", async () => {
    const wall = new FakeWall();
    const { app, wrapper } = await mountWall(wall);
    const selection = new FakeSelection().attach(app.host);
    const bar = () => wrapper.find('[data-testid="wall-nearest"]');
    expect(bar().exists()).toBe(false);
    selection.choose('inc-9', 'board');
    await settle();
    await settle();
    expect(bar().attributes('data-incident')).toBe('inc-9');

    await bar().get('.nearest-close').trigger('click');
    expect(bar().exists()).toBe(false);
    // Closing it here puts nothing aside for the other windows: the selection is still the operator's.
    // (the store the wall made: Pinia's active one)
    expect(useSelectionStore().selected).toBe('inc-9');
    selection.choose('inc-10', 'board');
    await settle();
    expect(bar().attributes('data-incident')).toBe('inc-10');
    await bar().get('.nearest-close').trigger('click');
    // The same incident picked again (here: a click on its row) offers its cameras again.
    await useSelectionStore().select('inc-10');
    await settle();
    expect(bar().attributes('data-incident')).toBe('inc-10');
  });

  it('says so when the incident has no location', async () => {
    const wall = new FakeWall();
    const app = egretTestApp({ session: signedInSession('video_patroller') });
    Object.assign(app.host.handlers, wall.handlers, {
      'incident.get': ({ id }: { id: string }) => ({ incident: { ...INCIDENT, id, lat: null, lng: null }, events: [] }),
    });
    app.client.start();
    wrapper = mount(CameraWall, { props: { incidentId: 'inc-9' }, global: { plugins: [app.plugin], stubs: { CameraTile: TileProbe } } });
    await settle();
    await settle();
    await settle();
    expect(wrapper.get('[data-testid="wall-nearest-empty"]').text()).toBe('该事件没有位置，无法查找附近的摄像头');
    expect(wrapper.get('[data-testid="wall-nearest-put"]').attributes('disabled')).toBeDefined();
  });
});

describe('the views menu', () => {
  it('keeps a name typed before the menu\'s toggle event arrives (it comes a task after the click)', async () => {
    const wall = new FakeWall();
    wall.state.tiles = ['cam-1', null, null, null];
    const { wrapper } = await mountWall(wall);
    await wrapper.get('[data-testid="wall-views-toggle"]').trigger('click');
    const menu = wrapper.get('[data-testid="wall-views"]').element as HTMLDetailsElement;
    menu.open = true;
    // Typed at once, then the toggle event of the opening lands.
    await wrapper.get('[data-testid="wall-view-name"]').setValue('夜班');
    menu.dispatchEvent(new Event('toggle'));
    await settle();
    expect((wrapper.get('[data-testid="wall-view-name"]').element as HTMLInputElement).value).toBe('夜班');
    await wrapper.get('.views-save').trigger('submit');
    await settle();
    expect(wall.views.map((v) => v.name)).toEqual(['夜班']);
  });

  it('saves the wall as a named view, shows its name, opens and deletes it', async () => {
    const wall = new FakeWall();
    wall.state.tiles = ['cam-1', null, null, null];
    const { wrapper } = await mountWall(wall);
    expect(wrapper.get('[data-testid="wall-view-name-shown"]').text()).toBe('未保存的布局');
    await wrapper.get('[data-testid="wall-views-toggle"]').trigger('click');
    (wrapper.get('[data-testid="wall-views"]').element as HTMLDetailsElement).open = true;
    await wrapper.get('[data-testid="wall-view-name"]').setValue('  早高峰 ');
    await wrapper.get('.views-save').trigger('submit');
    await settle();
    expect(wall.views.map((v) => v.name)).toEqual(['早高峰']);
    expect(wrapper.get('[data-testid="wall-view-name-shown"]').text()).toBe('当前视图：早高峰');
    expect(wrapper.findAll('[data-testid="wall-view"]').map((v) => v.attributes('data-view'))).toEqual(['早高峰']);

    await key(wrapper, '2');
    expect(wall.state.layout).toBe('4');
    await key(wrapper, '3');
    expect(wrapper.get('[data-testid="wall-view-name-shown"]').text()).toBe('未保存的布局');
    await wrapper.get('[data-testid="wall-view-apply"]').trigger('click');
    await settle();
    expect(wall.state.layout).toBe('4');
    expect(wrapper.get('[data-testid="wall-view-name-shown"]').text()).toBe('当前视图：早高峰');

    await wrapper.get('[data-testid="wall-view-delete"]').trigger('click');
    await settle();
    expect(wall.views).toEqual([]);
    expect(wrapper.find('[data-testid="wall-view"]').exists()).toBe(false);
  });

  it(`at ${WALL_LIMITS.views} views offers only a save over one of them, and says so; a name with a control character is not sent`, async () => {
    const wall = new FakeWall();
    wall.views = Array.from({ length: WALL_LIMITS.views }, (_, i) => ({ name: `v${String(i).padStart(3, '0')}`, layout: '4' as const, tiles: [null, null, null, null] }));
    const { wrapper } = await mountWall(wall);
    await wrapper.get('[data-testid="wall-views-toggle"]').trigger('click');
    (wrapper.get('[data-testid="wall-views"]').element as HTMLDetailsElement).open = true;
    const name = wrapper.get('[data-testid="wall-view-name"]');
    expect(name.attributes('maxlength')).toBe(String(WALL_LIMITS.nameLength));

    await name.setValue('新视图');
    expect(wrapper.get('[data-testid="wall-view-problem"]').text()).toBe(`最多保存 ${WALL_LIMITS.views} 个视图：先删除一个，或用已有视图的名称保存覆盖它`);
    expect(wrapper.get('[data-testid="wall-view-save"]').attributes('disabled')).toBeDefined();
    await wrapper.get('.views-save').trigger('submit');
    await settle();
    expect(wall.calls.some((c) => c.method === 'wall.views.save')).toBe(false);

    await name.setValue('v007');
    expect(wrapper.find('[data-testid="wall-view-problem"]').exists()).toBe(false);
    await wrapper.get('.views-save').trigger('submit');
    await settle();
    expect(wall.calls.filter((c) => c.method === 'wall.views.save').map((c) => c.params)).toEqual([{ name: 'v007' }]);

    // One deleted: room for a new name, but not one holding a tab.
    await wrapper.get('[data-testid="wall-view-delete"]').trigger('click');
    await settle();
    await name.setValue('早\t高峰');
    expect(wrapper.get('[data-testid="wall-view-problem"]').text()).toBe(`视图名称需为 1 到 ${WALL_LIMITS.nameLength} 个字，不含控制字符或换行`);
  });
});
