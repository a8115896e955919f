// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Breakdowns, TodayStats } from '../../../../native/api/index.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession, signedOutSession, todayStats } from '../../test-support/board-fixtures.ts';
import { TODAY_RECHECK_MS } from '../../stores/today.ts';
import DutyDashboard from './DutyDashboard.vue';
import { ChartStub, breakdownsFixture } from './test-kit.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const hours = (pattern: (h: number) => number) => Array.from({ length: 24 }, (_, h) => pattern(h));

async function mountDashboard(options: { session?: ReturnType<typeof signedInSession>; locale?: 'zh-CN' | 'en' } = {}) {
  const app = egretTestApp({ session: options.session ?? signedInSession(), locale: options.locale ?? 'en' });
  let stats: TodayStats = todayStats({
    answeredByHour: { today: hours((h) => (h < 9 ? h * 2 : 0)), yesterday: hours((h) => 100 + h) },
  });
  let breakdowns: Breakdowns = breakdownsFixture();
  app.host.handlers['stats.today'] = () => stats;
  app.host.handlers['stats.breakdowns'] = () => breakdowns;
  app.host.handlers['incidents.page'] = () => ({ total: 0, byPriority: [0, 0, 0, 0], rows: [] });
  app.client.start();
  wrapper = mount(DutyDashboard, { global: { plugins: [app.plugin], stubs: { DashboardChart: ChartStub } } });
  await settle();
  await settle();
  return {
    ...app,
    wrapper,
    setStats: (next: TodayStats) => (stats = next),
    setBreakdowns: (next: Breakdowns) => (breakdowns = next),
  };
}

/** The text of every body row of a table, cell by cell. */
function tableRows(w: VueWrapper, testid: string): string[][] {
  return w.get(`[data-testid="${testid}"]`).findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()));
}

describe('the duty chief dashboard', () => {
  it("lists today's and yesterday's answered calls for every hour as a table, and draws the same values", async () => {
    const { wrapper } = await mountDashboard();
    const rows = tableRows(wrapper, 'chart-hourly-table');
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual(['00:00', '0', '100']);
    expect(rows[8]).toEqual(['08:00', '16', '108']);
    expect(rows[23]).toEqual(['23:00', '0', '123']);
    expect(wrapper.get('[data-testid="chart-hourly-table"] caption').text()).toContain('2025-03-14');

    const drawn = JSON.parse(wrapper.get('[data-testid="chart-hourly"] [data-testid="chart-stub"]').attributes('data-series')!);
    expect(drawn[0]).toEqual(hours((h) => (h < 9 ? h * 2 : 0)));
    expect(drawn[1]).toEqual(hours((h) => 100 + h));
  });

  it('follows new figures live, and starts a new day at the platform midnight', async () => {
    const app = await mountDashboard();
    const { wrapper } = app;

    // A call answered in hour 8: the host pushes a change, the store re-reads.
    app.setStats(todayStats({ answeredByHour: { today: hours((h) => (h === 8 ? 17 : h < 9 ? h * 2 : 0)), yesterday: hours((h) => 100 + h) } }));
    app.timers.advance(1_000);
    app.host.publish('entities.changed', [{ kind: 'call', upserted: ['call-9'], deleted: [] }]);
    await settle();
    await settle();
    expect(tableRows(wrapper, 'chart-hourly-table')[8]).toEqual(['08:00', '17', '108']);

    // 00:00 in Asia/Shanghai: the host's day moves on, yesterday is what was today.
    const rolledToday = hours((h) => (h === 0 ? 3 : 0));
    const rolledYesterday = hours((h) => (h === 8 ? 17 : h < 9 ? h * 2 : 0));
    app.setStats(todayStats({ day: '2025-03-15', answeredByHour: { today: rolledToday, yesterday: rolledYesterday } }));
    app.timers.advance(TODAY_RECHECK_MS);
    await settle();
    await settle();
    const table = wrapper.get('[data-testid="chart-hourly-table"]');
    expect(table.attributes('data-day')).toBe('2025-03-15');
    expect(table.get('caption').text()).toContain('2025-03-15');
    const rows = tableRows(wrapper, 'chart-hourly-table');
    expect(rows[0]).toEqual(['00:00', '3', '0']);
    expect(rows[8]).toEqual(['08:00', '0', '17']);
    const drawn = JSON.parse(wrapper.get('[data-testid="chart-hourly"] [data-testid="chart-stub"]').attributes('data-series')!);
    expect(drawn).toEqual([rolledToday, rolledYesterday]);
  });

  it('shows the breakdowns by district, source and linkage unit as tables with names', async () => {
    const { wrapper } = await mountDashboard();
    expect(tableRows(wrapper, 'chart-district-table')).toEqual([
      ['Siming', '31'],
      ['Haicang', '8'],
      ['Huli', '22'],
      ['Jimei', '12'],
      ["Tong'an", '5'],
      ["Xiang'an", '4'],
      ['No district given', '2'],
    ]);
    const sources = tableRows(wrapper, 'chart-source-table');
    expect(sources).toHaveLength(9);
    expect(sources[0]).toEqual(['110 police', '40']);
    expect(sources[4]).toEqual(['City management', '6']);
    expect(tableRows(wrapper, 'chart-workload-table')).toEqual([
      ['思明公安分局', '9'],
      ['湖里消防救援大队', '4'],
      // A unit the cache does not hold yet: never its id.
      ['Unknown unit', '1'],
    ]);
    const workloadDrawn = JSON.parse(wrapper.get('[data-testid="chart-workload"] [data-testid="chart-stub"]').attributes('data-series')!);
    expect(workloadDrawn).toEqual([[9, 4, 1]]);
  });

  it('lists escalations waiting for the city, newest first, with times in the platform zone', async () => {
    const { wrapper } = await mountDashboard();
    const items = wrapper.findAll('[data-testid="escalation-item"]');
    expect(items.map((i) => i.attributes('data-id'))).toEqual(['inc-2025-000412', 'inc-2025-000398']);
    expect(items[0]!.text()).toContain('公园步道旁墙体开裂');
    expect(items[0]!.text()).toContain('Siming');
    expect(items[0]!.text()).toContain('09:05'); // 01:05 UTC is 09:05 in Xiamen
    expect(items[1]!.text()).toMatch(/03\/13.*22:30/); // yesterday's: with its date
    expect(wrapper.get('[data-testid="escalations-total"]').text()).toBe('2 in all');
  });

  it('shows road traffic per level as colour and text', async () => {
    const { wrapper } = await mountDashboard({ locale: 'zh-CN' });
    expect(tableRows(wrapper, 'road-status-table')).toEqual([
      ['畅通', '210', '82%'],
      ['缓行', '31', '12%'],
      ['拥堵', '12', '5%'],
      ['阻断', '2', '1%'],
    ]);
    expect(wrapper.get('[data-testid="road-count-blocked"] .swatch').classes()).toContain('level-blocked');
  });

  it('re-reads the breakdowns when incidents change, and says when there is no workload', async () => {
    const app = await mountDashboard();
    app.setBreakdowns(breakdownsFixture({ workload: [], escalations: [], escalationsTotal: 0 }));
    app.timers.advance(2_000);
    app.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-1'], deleted: [] }]);
    await settle();
    await settle();
    expect(app.wrapper.find('[data-testid="chart-workload-empty"]').exists()).toBe(true);
    expect(app.wrapper.find('[data-testid="chart-workload"] [data-testid="chart-stub"]').exists()).toBe(false);
    expect(app.wrapper.find('[data-testid="escalations-empty"]').exists()).toBe(true);
  });

  it('asks for nothing before sign-in', async () => {
    const { wrapper, host } = await mountDashboard({ session: signedOutSession() });
    expect(wrapper.find('[data-testid="board-signed-out"]').exists()).toBe(true);
    const asked = host.shell.current.frames('request').map((f) => f.method);
    expect(asked).not.toContain('stats.breakdowns');
    expect(asked).not.toContain('stats.today');
  });
});
