// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Role, Warning } from '../../../../native/api/index.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { incidentRecord, signedInSession } from '../../test-support/board-fixtures.ts';
import { warning, warningsState } from '../../test-support/warning-fixtures.ts';
import WarningsPanel from './WarningsPanel.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const TITLES: Record<string, string> = {
  'inc-2025-000104': '莲坂商场电动车被盗',
  'inc-2025-000103': '湖滨南路手机被盗',
  'inc-2025-000102': '嘉禾路钱包被盗',
};

async function mountPanel(role: Role, warnings: Warning[] = [warning()], locale: 'en' | 'zh-CN' = 'en') {
  const app = egretTestApp({ session: signedInSession(role), locale });
  app.host.handlers['warnings.list'] = () => warningsState(warnings);
  app.host.handlers['incident.get'] = ({ id }) => {
    if (!TITLES[id]) throw new ApiCallError('not_found', `no incident ${id} in the cache`);
    return { incident: incidentRecord({ id, title: TITLES[id], status: 'dispatched' }), events: [] };
  };
  app.host.handlers['selection.set'] = ({ incident, window }) => ({ incident, window, seq: 1, at: '2025-03-14T01:10:00.000Z' });
  app.host.handlers['selection.get'] = () => ({ incident: null, window: null, seq: 0, at: '2025-03-14T01:00:00.000Z' });
  app.client.setSignedIn(true);
  app.client.start();
  wrapper = mount(WarningsPanel, { props: { timeZone: 'Asia/Shanghai' }, global: { plugins: [app.plugin] } });
  for (let i = 0; i < 4; i++) await settle();
  return { ...app, wrapper };
}

const cards = (w: VueWrapper) => w.findAll('[data-testid="warning-card"]');

describe('the warnings panel', () => {
  it('says what was found, where, since when, against what and how unlikely, and lists its incidents by number, title and status', async () => {
    const { wrapper } = await mountPanel('duty_chief');
    const [card] = cards(wrapper);
    expect(card!.get('[data-testid="warning-headline"]').text()).toBe('Criminal · Theft cluster: 4 incidents');
    expect(card!.get('[data-testid="warning-where"]').text()).toBe('Siming, within about 420 m');
    expect(card!.text()).toContain('since 03/14/2025, 04:05:00, latest 03/14/2025, 09:05:00');
    expect(card!.text()).toContain("observed 4, baseline expected 0.4 (this area's last 28 days)");
    expect(card!.get('[data-testid="warning-likelihood"]').text()).toBe('p = 0.0021: by chance about once in 476 days');
    const incidents = card!.findAll('[data-testid="warning-incident"]');
    expect(incidents.map((i) => i.attributes('data-incident'))).toEqual(warning().incidents);
    expect(incidents[0]!.text()).toContain('inc-2025-000104');
    expect(incidents[0]!.text()).toContain('莲坂商场电动车被盗');
    expect(incidents[0]!.text()).toContain('Dispatched');
    // Gone from the cache: said so, not left loading.
    expect(incidents[3]!.text()).toContain('Not in the local cache');
    // No code an operator would have to decode.
    expect(card!.text()).not.toMatch(/criminal\.theft|350203|zone_history/);
  });

  it('a recomputation of the warning does not read its incidents again; a new incident in it does', async () => {
    const { wrapper, host } = await mountPanel('duty_chief');
    const reads = () => host.shell.current.frames('request').filter((f) => f.method === 'incident.get').length;
    expect(reads()).toBe(4);
    host.publish('warnings', warningsState([warning({ updatedAt: Date.UTC(2025, 2, 14, 2) })], { computedAt: Date.UTC(2025, 2, 14, 2) }));
    for (let i = 0; i < 3; i++) await settle();
    expect(reads()).toBe(4);
    const grown = warning({ observed: 5, incidents: ['inc-2025-000105', ...warning().incidents] });
    host.publish('warnings', warningsState([grown], { computedAt: Date.UTC(2025, 2, 14, 3) }));
    for (let i = 0; i < 4; i++) await settle();
    expect(reads()).toBe(9);
    expect(cards(wrapper)[0]!.findAll('[data-testid="warning-incident"]')).toHaveLength(5);
  });

  it('a click on an incident selects it for every window of the operator; a click on the card picks the warning for the map', async () => {
    const { wrapper, host } = await mountPanel('duty_chief');
    await cards(wrapper)[0]!.get('[data-testid="warning-incident"][data-incident="inc-2025-000103"]').trigger('click');
    await settle();
    const sent = host.shell.current.frames('request').filter((f) => f.method === 'selection.set');
    expect(sent.map((f) => f.params)).toEqual([{ incident: 'inc-2025-000103', window: 'main' }]);
    // Selecting an incident does not pick the warning; a click on the card does.
    expect(cards(wrapper)[0]!.attributes('aria-current')).toBeUndefined();
    await cards(wrapper)[0]!.trigger('click');
    expect(cards(wrapper)[0]!.attributes('aria-current')).toBe('true');
  });

  it('the duty chief acknowledges with a note: the warning moves below, dimmed, with who, when and the note', async () => {
    const second = warning({
      key: 'surge:350206:110',
      kind: 'surge',
      family: null,
      line: '110',
      observed: 37,
      area: null,
      outline: [],
      incidents: [],
    });
    const { wrapper, host } = await mountPanel('duty_chief', [warning(), second]);
    const asked: unknown[] = [];
    host.handlers['warnings.acknowledge'] = (params) => {
      asked.push(params);
      return {
        ...warning(),
        status: 'acknowledged',
        handling: { action: 'acknowledged', by: '陈静', at: Date.UTC(2025, 2, 14, 1, 20), text: params.note ?? '' },
      };
    };
    await cards(wrapper)[0]!.get('[data-testid="warning-acknowledge"]').trigger('click');
    await cards(wrapper)[0]!.get('[data-testid="warning-text"]').setValue('已通知思明分局加强巡逻');
    await cards(wrapper)[0]!.get('[data-testid="warning-form"]').trigger('submit');
    for (let i = 0; i < 3; i++) await settle();
    expect(asked).toEqual([{ key: warning().key, note: '已通知思明分局加强巡逻' }]);
    const [first, last] = cards(wrapper);
    expect(first!.attributes('data-kind')).toBe('surge');
    expect(last!.attributes('data-status')).toBe('acknowledged');
    expect(last!.classes()).toContain('acknowledged');
    expect(last!.get('[data-testid="warning-handling"]').text()).toBe(
      'Acknowledged by 陈静 at 03/14/2025, 09:20:00, Note: 已通知思明分局加强巡逻',
    );
    expect(last!.find('[data-testid="warning-acknowledge"]').exists()).toBe(false);
  });

  it('a dismissal needs a reason: none sent without one, and a refusal is shown in the form', async () => {
    const { wrapper, host } = await mountPanel('duty_chief');
    let asked = 0;
    host.handlers['warnings.dismiss'] = () => {
      asked++;
      throw new ApiCallError('conflict', 'the warning was recomputed away');
    };
    const card = () => cards(wrapper)[0]!;
    await card().get('[data-testid="warning-dismiss"]').trigger('click');
    await card().get('[data-testid="warning-text"]').setValue('   ');
    await card().get('[data-testid="warning-form"]').trigger('submit');
    await settle();
    expect(asked).toBe(0);
    expect(card().get('[data-testid="warning-form-error"]').text()).toBe('A dismissal needs a reason.');

    await card().get('[data-testid="warning-text"]').setValue('演练，非真实警情');
    await card().get('[data-testid="warning-form"]').trigger('submit');
    for (let i = 0; i < 3; i++) await settle();
    expect(asked).toBe(1);
    expect(card().get('[data-testid="warning-form-error"]').text()).toBe('Failed: the warning was recomputed away');
    expect(card().attributes('data-status')).toBe('open');
  });

  for (const role of ['call_taker', 'video_patroller'] as const) {
    it(`a ${role.replace('_', ' ')} reads the same warnings with no action offered`, async () => {
      const { wrapper } = await mountPanel(role, [
        warning(),
        warning({ key: 'b', status: 'dismissed', handling: { action: 'dismissed', by: '陈静', at: 1, text: '误报' } }),
      ]);
      expect(cards(wrapper)).toHaveLength(2);
      expect(wrapper.get('[data-testid="warning-list"]').attributes('data-actions')).toBe('false');
      expect(wrapper.find('[data-testid="warning-read-only"]').exists()).toBe(true);
      expect(wrapper.find('[data-testid="warning-acknowledge"]').exists()).toBe(false);
      expect(wrapper.find('[data-testid="warning-dismiss"]').exists()).toBe(false);
    });
  }

  it('says so when the baseline is shorter than four weeks, in Chinese too', async () => {
    const app = egretTestApp({ session: signedInSession(), locale: 'zh-CN' });
    app.host.handlers['warnings.list'] = () => warningsState([], { baselineDays: 9 });
    app.client.setSignedIn(true);
    app.client.start();
    wrapper = mount(WarningsPanel, { global: { plugins: [app.plugin] } });
    for (let i = 0; i < 3; i++) await settle();
    expect(wrapper.get('[data-testid="warning-short-baseline"]').text()).toBe('基线仅有 9 天历史（不足 4 周），数值仅供参考。');
    expect(wrapper.get('[data-testid="warning-empty"]').text()).toBe('当前没有预警。');
  });
});
