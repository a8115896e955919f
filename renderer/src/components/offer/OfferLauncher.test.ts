// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params, WaveState } from '../../../../native/api/index.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { incidentRecord, signedInSession } from '../../test-support/board-fixtures.ts';
import OfferLauncher from './OfferLauncher.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function flush(): Promise<void> {
  for (let i = 0; i < 4; i++) await settle();
}

const SETTINGS = {
  urbanRadiusM: 500,
  otherRadiusM: 1000,
  n: 3,
  expiresInS: 60,
  maxWaves: 3,
  maxRadiusM: 3000,
  urbanDistricts: ['350203', '350206'],
};

function run(overrides: Partial<WaveState> = {}): WaveState {
  return {
    incident: 'inc-2025-000123',
    wave: 1,
    maxWaves: 3,
    radiusM: 1000,
    volunteers: ['vol-1', 'vol-2'],
    offered: ['vol-1', 'vol-2'],
    expiresAt: 60_000,
    nextWaveAt: 60_000,
    state: 'running',
    acceptedBy: null,
    startedBy: 'op-01',
    waves: [{ wave: 1, radiusM: 1000, volunteers: ['vol-1', 'vol-2'], sentAt: 0, expiresAt: 60_000, command: 'cmd-1' }],
    reason: null,
    ...overrides,
  };
}

/** The launcher on its own (as the map's incident card mounts it): it reads the incident's place itself. */
function mountLauncher(
  options: { district?: '350203' | '350211'; lat?: number | null; start?: (p: Params<'offers.start'>) => WaveState } = {},
) {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'zh-CN' });
  const calls = { start: [] as Params<'offers.start'>[], stop: [] as Params<'offers.stop'>[], nearest: 0 };
  const record = incidentRecord({
    district: options.district ?? '350211',
    lat: options.lat === undefined ? 24.6 : (options.lat ?? undefined),
  });
  app.host.handlers['incident.get'] = () => ({ incident: record, events: [] });
  app.host.handlers['offers.settings'] = () => ({ ...SETTINGS });
  app.host.handlers['offers.list'] = () => [];
  app.host.handlers['volunteers.names'] = ({ ids }) =>
    ids.flatMap((id) => (id === 'vol-1' ? [{ id, name: '张*' }] : id === 'vol-2' ? [{ id, name: '李*' }] : []));
  app.host.handlers['volunteers.nearest'] = () => {
    calls.nearest++;
    return [
      { id: 'vol-1', name: '张*', metres: 400, state: 'available', lat: 24.6, lng: 118.1, verified: true, lastSeenS: 12 },
      { id: 'vol-2', name: '李*', metres: 1000, state: 'available', lat: 24.6, lng: 118.1, verified: true, lastSeenS: 40 },
      { id: 'vol-3', name: null, metres: 1400, state: 'available', lat: 24.6, lng: 118.1, verified: true, lastSeenS: 600 },
    ];
  };
  app.host.handlers['offers.start'] = (params) => {
    calls.start.push(params);
    return options.start ? options.start(params) : run();
  };
  app.host.handlers['offers.stop'] = (params) => {
    calls.stop.push(params);
    return run({ state: 'stopped', reason: 'operator', nextWaveAt: null });
  };
  app.client.start();
  // The app's session store does this from session.info; the launcher alone has none.
  app.client.setSignedIn(true);
  wrapper = mount(OfferLauncher, { props: { incidentId: 'inc-2025-000123' }, global: { plugins: [app.plugin] }, attachTo: document.body });
  return { ...app, wrapper, calls };
}

describe('OfferLauncher', () => {
  it('lists the nearest with their straight-line distance and last-seen age, the first wave marked (1 km outside the urban districts)', async () => {
    const { wrapper } = mountLauncher();
    await flush();
    const rows = wrapper.findAll('[data-testid="offer-nearest-volunteer"]');
    expect(rows.map((r) => r.text())).toEqual([
      '张*直线距离 400 米12 秒前定位首波',
      '李*直线距离 1.0 公里40 秒前定位首波',
      '未同步姓名的志愿者直线距离 1.4 公里10 分钟前定位',
    ]);
    expect(wrapper.get('[data-testid="offer-launcher-plan"]').text()).toBe(
      '每波 3 人，首波 1.0 公里 内；60 秒无人接单则半径翻倍（至多 3.0 公里），最多 3 波。',
    );
  });

  it('in an urban district the first wave reaches 500 m only', async () => {
    const { wrapper } = mountLauncher({ district: '350203' });
    await flush();
    expect(wrapper.findAll('[data-testid="offer-nearest-volunteer"]').map((r) => r.classes('first'))).toEqual([true, false, false]);
  });

  it('Enter on the list offers in waves once; the state shows wave k of n, whom it went to, and counts down to the next wave', async () => {
    const { wrapper, calls, timers, host } = mountLauncher();
    await flush();
    const list = wrapper.get('[data-testid="offer-nearest"]');
    await list.trigger('keydown', { key: 'Enter' });
    await list.trigger('keydown', { key: 'Enter' });
    await flush();
    expect(calls.start).toEqual([{ incident: 'inc-2025-000123' }]);

    const status = wrapper.get('[data-testid="offer-waves"]');
    expect(status.get('[data-testid="offer-waves-progress"]').text()).toBe('第 1/3 波 · 半径 1.0 公里');
    expect(status.get('[data-testid="offer-waves-countdown"]').text()).toBe('01:00 后推送第 2 波');
    expect(status.get('[data-testid="offer-wave"]').text()).toBe('第 1 波 · 1.0 公里 · 张*、李*');
    timers.advance(15_000);
    await flush();
    expect(status.get('[data-testid="offer-waves-countdown"]').text()).toBe('00:45 后推送第 2 波');

    // A wave with nobody in range says so; the last wave counts down to its end.
    host.publish('offers.waves', [
      run({
        wave: 3,
        radiusM: 3000,
        volunteers: [],
        nextWaveAt: null,
        expiresAt: 75_000,
        waves: [...run().waves, { wave: 2, radiusM: 2000, volunteers: [], sentAt: 60_000, expiresAt: 60_000, command: null }],
      }),
    ]);
    await flush();
    expect(wrapper.findAll('[data-testid="offer-wave"]')[1]!.text()).toBe('第 2 波 · 2.0 公里 · 范围内无人可推送');
    expect(wrapper.get('[data-testid="offer-waves-countdown"]').text()).toBe('01:00 后截止');
  });

  it('the stop button stops the waves; an acceptance names who took it', async () => {
    const { wrapper, calls, host } = mountLauncher();
    await flush();
    await wrapper.get('[data-testid="offer-waves-start"]').trigger('click');
    await flush();
    await wrapper.get('[data-testid="offer-waves-stop"]').trigger('click');
    await flush();
    expect(calls.stop).toEqual([{ incident: 'inc-2025-000123' }]);
    expect(wrapper.get('[data-testid="offer-waves"]').attributes('data-state')).toBe('stopped');
    expect(wrapper.get('[data-testid="offer-waves-ending"]').text()).toBe('操作员已停止推送');
    expect(wrapper.find('[data-testid="offer-waves-stop"]').exists()).toBe(false);

    host.publish('offers.waves', [run({ state: 'accepted', acceptedBy: 'vol-2', nextWaveAt: null })]);
    await flush();
    expect(wrapper.get('[data-testid="offer-waves-ending"]').text()).toBe('李* 已接单');
  });

  it('a refused start says why; an incident without a location offers nothing', async () => {
    const refused = mountLauncher({
      start: () => {
        throw new ApiCallError('conflict', 'offers of inc-2025-000123 are already going out (wave 2)');
      },
    });
    await flush();
    await refused.wrapper.get('[data-testid="offer-waves-start"]').trigger('click');
    await flush();
    expect(refused.wrapper.get('[data-testid="offer-waves-error"]').text()).toBe(
      '推送未发出：offers of inc-2025-000123 are already going out (wave 2)',
    );
    refused.wrapper.unmount();

    const unlocated = mountLauncher({ lat: null });
    await flush();
    expect(unlocated.wrapper.find('[data-testid="offer-launcher-unlocated"]').exists()).toBe(true);
    expect(unlocated.wrapper.find('[data-testid="offer-waves-start"]').exists()).toBe(false);
    expect(unlocated.calls.nearest).toBe(0);
  });
});
