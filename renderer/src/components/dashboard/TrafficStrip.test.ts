// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { provideDashboardVisible } from './dashboard-visible.ts';
import { CameraTileStub } from './camera-tile-stub.ts';
import TrafficStrip from './TrafficStrip.vue';
import { STRIP_MIN_INTERVAL_MS, STRIP_TILES, type TrafficRow } from './use-traffic-cameras.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const row = (camera: string, roadName: string, level: TrafficRow['level'], extra: Partial<TrafficRow> = {}): TrafficRow => ({
  camera,
  name: `${roadName} ${camera}`,
  road: `road-${camera}`,
  roadName,
  level,
  speedKmh: 12,
  status: 'online',
  ...extra,
});

/** The strip inside a dashboard that is shown while `shown` holds. */
async function mountStrip(first: TrafficRow[]) {
  const app = egretTestApp({ session: signedInSession(), locale: 'en' });
  let rows = first;
  app.host.handlers['cameras.traffic'] = () => rows;
  app.client.start();
  const shown = ref(true);
  const Dashboard = defineComponent({
    setup() {
      provideDashboardVisible(shown);
      return () => h(TrafficStrip);
    },
  });
  wrapper = mount(Dashboard, { global: { plugins: [app.plugin], stubs: { CameraTile: CameraTileStub } } });
  await settle();
  await settle();
  const asked = () => app.host.shell.current.frames('request').filter((f) => f.method === 'cameras.traffic');
  return { ...app, wrapper, shown, asked, setRows: (next: TrafficRow[]) => (rows = next) };
}

const tiles = (w: VueWrapper) => w.findAll('[data-testid="traffic-tile"]');
const roadChanged = [{ kind: 'road' as const, upserted: ['road-1'], deleted: [] }];

describe("the duty chief's traffic strip", () => {
  it('shows a live tile per camera of the most congested roads, worst first, with the road by name and its level in words', async () => {
    const { wrapper, asked } = await mountStrip([
      row('cam-0007', '嘉禾路', 'blocked', { speedKmh: 5.6 }),
      row('cam-0012', '成功大道', 'congested', { status: 'flapping', speedKmh: null }),
    ]);
    expect(asked()[0]!.params).toEqual({ k: STRIP_TILES });
    expect(tiles(wrapper).map((t) => [t.attributes('data-camera'), t.attributes('data-level')])).toEqual([
      ['cam-0007', 'blocked'],
      ['cam-0012', 'congested'],
    ]);
    expect(tiles(wrapper).map((t) => t.get('[data-testid="camera-tile"]').attributes('data-camera'))).toEqual(['cam-0007', 'cam-0012']);
    const [first, second] = tiles(wrapper);
    expect(first!.get('[data-testid="traffic-road"]').text()).toBe('嘉禾路');
    expect(first!.get('.caption').text()).toContain('Blocked');
    expect(first!.get('.caption').text()).toContain('6 km/h');
    expect(second!.get('.caption').text()).toContain('Signal keeps dropping');
    expect(second!.get('.caption').text()).not.toContain('km/h');
    expect(wrapper.text()).not.toContain('road-cam');
  });

  it('follows the traffic: a road change re-reads the choice (a burst coalesced), and a camera still chosen keeps its tile', async () => {
    const { wrapper, asked, setRows, host, timers } = await mountStrip([
      row('cam-0001', '仙岳路', 'congested'),
      row('cam-0002', '环岛路', 'slow'),
    ]);
    const kept = tiles(wrapper)[0]!.element;
    timers.advance(STRIP_MIN_INTERVAL_MS);
    setRows([row('cam-0009', '莲前大道', 'blocked'), row('cam-0001', '仙岳路', 'congested')]);
    // A burst of changes: one read at once, and one more for all that came while it ran, the interval later.
    host.publish('entities.changed', roadChanged);
    host.publish('entities.changed', roadChanged);
    host.publish('entities.changed', roadChanged);
    await settle();
    await settle();
    expect(asked()).toHaveLength(2);
    expect(tiles(wrapper).map((t) => t.attributes('data-camera'))).toEqual(['cam-0009', 'cam-0001']);
    expect(tiles(wrapper)[1]!.element).toBe(kept);
    timers.advance(STRIP_MIN_INTERVAL_MS);
    await settle();
    await settle();
    expect(asked()).toHaveLength(3);
    // Incidents changing say nothing about the traffic.
    timers.advance(STRIP_MIN_INTERVAL_MS);
    host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-1'], deleted: [] }]);
    await settle();
    expect(asked()).toHaveLength(3);
  });

  it('does not re-read while the dashboard is off screen, and catches up once shown', async () => {
    const { wrapper, asked, setRows, host, timers, shown } = await mountStrip([row('cam-0001', '仙岳路', 'congested')]);
    shown.value = false;
    await settle();
    timers.advance(STRIP_MIN_INTERVAL_MS);
    setRows([row('cam-0004', '成功大道', 'blocked')]);
    host.publish('entities.changed', roadChanged);
    await settle();
    expect(asked()).toHaveLength(1);
    shown.value = true;
    await settle();
    await settle();
    expect(asked()).toHaveLength(2);
    expect(tiles(wrapper).map((t) => t.attributes('data-camera'))).toEqual(['cam-0004']);
  });

  it('says when no road has a camera, and why the choice could not be read', async () => {
    const empty = await mountStrip([]);
    expect(empty.wrapper.find('[data-testid="traffic-strip-empty"]').text()).toBe('No main-road cameras yet.');
    empty.wrapper.unmount();
    const failing = await mountStrip([]);
    failing.host.handlers['cameras.traffic'] = () => {
      throw new Error('the cache is being rebuilt');
    };
    failing.timers.advance(STRIP_MIN_INTERVAL_MS);
    failing.host.publish('entities.changed', roadChanged);
    await settle();
    await settle();
    expect(failing.wrapper.get('[data-testid="traffic-strip-error"]').text()).toContain('the cache is being rebuilt');
  });
});
