// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession, todayStats } from '../../test-support/board-fixtures.ts';
import ChiefView from '../../views/ChiefView.vue';
import { useWarningsStore } from '../../stores/warnings.ts';
import { ChartStub, breakdownsFixture } from './test-kit.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.restoreAllMocks();
});

/** Stands in for the city map (Leaflet wants a real layout): which incident it rings, and a click on one. */
const MapStub = defineComponent({
  name: 'MapPanel',
  props: { selectedIncident: { type: String, default: null } },
  emits: ['open-incident'],
  setup:
    (props, { emit }) =>
    () =>
      h('div', { 'data-testid': 'city-map', 'data-selected': props.selectedIncident ?? '' }, [
        h('button', { 'data-testid': 'map-stub-incident', onClick: () => emit('open-incident', 'inc-7') }),
      ]),
});

/** The window as wide as `px` for the view's media queries (happy-dom lays nothing out). */
function windowWidth(px: number): void {
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    return {
      matches: min ? px >= Number(min[1]) : false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    } as MediaQueryList;
  });
}

async function mountChief() {
  const app = egretTestApp({ session: signedInSession(), locale: 'en', withRouter: true });
  app.host.handlers['stats.today'] = () => todayStats();
  app.host.handlers['stats.breakdowns'] = () => breakdownsFixture();
  app.host.handlers['incidents.page'] = () => ({ total: 0, byPriority: [0, 0, 0, 0], rows: [] });
  app.host.handlers['audit.list'] = () => [
    {
      n: 1,
      at: '2025-03-14T01:00:00.000Z',
      operator: 'op-001',
      operatorName: '陈静',
      role: 'duty_chief',
      workstation: 'desk-07',
      action: 'incident.note',
      target: 'inc-2025-000001',
      result: 'applied',
    },
  ];
  app.client.start();
  wrapper = mount(ChiefView, {
    global: { plugins: [app.plugin], stubs: { DashboardChart: ChartStub, MapPanel: MapStub, DashboardMap: MapStub } },
    attachTo: document.body,
  });
  // The role guard uses the session store: navigate once the app (and Pinia) is installed.
  await app.router!.push('/chief');
  await app.router!.isReady();
  await settle();
  await settle();
  return { ...app, wrapper };
}

describe('the duty chief view', () => {
  it('opens on the dashboard and reaches the audit log through a tab', async () => {
    const { wrapper, host } = await mountChief();
    expect(wrapper.get('[data-testid="role-view"]').attributes('data-role')).toBe('duty_chief');
    expect(wrapper.get('h1').text()).toBe('Duty chief workstation');
    expect(wrapper.get('[data-testid="chief-tab-dashboard"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.find('[data-testid="chart-hourly-table"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="audit-table"]').exists()).toBe(false);
    // The audit log is read when opened, not before.
    expect(host.shell.current.frames('request').some((f) => f.method === 'audit.list')).toBe(false);

    await wrapper.get('[data-testid="chief-tab-audit"]').trigger('click');
    await settle();
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-audit"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.findAll('[data-testid="audit-row"]')).toHaveLength(1);
    expect(wrapper.get('#chief-panel-dashboard').isVisible()).toBe(false);
  });

  it('stops re-reading the hidden dashboard while the chief is on another tab, and catches up when shown again', async () => {
    const { wrapper, host, timers } = await mountChief();
    const asked = (method: string) => host.shell.current.frames('request').filter((f) => f.method === method).length;
    const compactReads = () =>
      host.shell.current
        .frames('request')
        .filter(
          (f) =>
            f.method === 'incidents.page' && f.params && !('after' in (f.params as object)) && (f.params as { limit: number }).limit < 200,
        ).length;
    await wrapper.get('[data-testid="chief-tab-audit"]').trigger('click');
    await settle();
    const before = { breakdowns: asked('stats.breakdowns'), board: compactReads() };
    timers.advance(5_000);
    host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-1'], deleted: [] }]);
    await settle();
    await settle();
    expect(asked('stats.breakdowns')).toBe(before.breakdowns);
    expect(compactReads()).toBe(before.board);
    await wrapper.get('[data-testid="chief-tab-dashboard"]').trigger('click');
    await settle();
    await settle();
    expect(asked('stats.breakdowns')).toBe(before.breakdowns + 1);
    expect(compactReads()).toBeGreaterThan(before.board);
  });

  it('shows the warnings, the city map beside them, when the badge or Alt+W asks for them (issue 14)', async () => {
    const { wrapper } = await mountChief();
    expect(wrapper.get('[data-testid="chief-tab-dashboard"]').attributes('aria-selected')).toBe('true');
    useWarningsStore().requestPanel();
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-warnings"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.get('#chief-panel-warnings').find('[data-testid="city-map"]').exists()).toBe(true);
    // Asked once: moving on to another tab is not undone.
    expect(useWarningsStore().panelWanted).toBe(false);
  });

  it('moves between tabs with the arrow keys', async () => {
    const { wrapper } = await mountChief();
    await wrapper.get('[data-testid="chief-tab-dashboard"]').trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-warnings"]').attributes('aria-selected')).toBe('true');
    await wrapper.get('[data-testid="chief-tab-warnings"]').trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-map"]').attributes('aria-selected')).toBe('true');
    await wrapper.get('[data-testid="chief-tab-map"]').trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-board"]').attributes('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="chief-tab-board"]').element);
    await wrapper.get('[data-testid="chief-tab-board"]').trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-volunteers"]').attributes('aria-selected')).toBe('true');
    await wrapper.get('[data-testid="chief-tab-volunteers"]').trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-audit"]').attributes('aria-selected')).toBe('true');
    await wrapper.get('[data-testid="chief-tab-audit"]').trigger('keydown', { key: 'End' });
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-link"]').attributes('aria-selected')).toBe('true');
    await wrapper.get('[data-testid="chief-tab-link"]').trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-dashboard"]').attributes('aria-selected')).toBe('true');
  });

  it('puts the city map beside the figures on a wide screen, one map at a time, and a second pick of an incident opens it beside its detail', async () => {
    windowWidth(1920);
    const { wrapper } = await mountChief();
    const panel = wrapper.get('#chief-panel-dashboard');
    expect(panel.classes()).toContain('map-beside');
    expect(panel.find('[data-testid="duty-dashboard"]').exists()).toBe(true);
    await settle();
    expect(panel.findAll('[data-testid="city-map"]')).toHaveLength(1);

    // A click selects the incident on the dashboard's map (its card shows there); asked again, the map tab opens it.
    await panel.get('[data-testid="map-stub-incident"]').trigger('click');
    await settle();
    expect(panel.get('[data-testid="city-map"]').attributes('data-selected')).toBe('inc-7');
    expect(wrapper.get('[data-testid="chief-tab-dashboard"]').attributes('aria-selected')).toBe('true');
    await panel.get('[data-testid="map-stub-incident"]').trigger('click');
    await settle();
    await settle();
    expect(wrapper.get('[data-testid="chief-tab-map"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.findAll('[data-testid="city-map"]')).toHaveLength(1);
    expect(wrapper.get('#chief-panel-map [data-testid="city-map"]').attributes('data-selected')).toBe('inc-7');

    await wrapper.get('[data-testid="chief-tab-dashboard"]').trigger('click');
    await settle();
    await settle();
    expect(wrapper.findAll('[data-testid="city-map"]')).toHaveLength(1);
    expect(wrapper.find('#chief-panel-map').exists()).toBe(false);
  });

  it('keeps the figures the whole width on a narrower screen, the map on its tab', async () => {
    windowWidth(1366);
    const { wrapper } = await mountChief();
    await settle();
    const panel = wrapper.get('#chief-panel-dashboard');
    expect(panel.classes()).not.toContain('map-beside');
    expect(wrapper.find('[data-testid="city-map"]').exists()).toBe(false);
    await wrapper.get('[data-testid="chief-tab-map"]').trigger('click');
    await settle();
    await settle();
    expect(wrapper.findAll('#chief-panel-map [data-testid="city-map"]')).toHaveLength(1);
  });
});
