// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import TodayCounters from './TodayCounters.vue';
import { egretTestApp } from '../test-support/egret-app.ts';
import { todayStats } from '../test-support/board-fixtures.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

function mountCounters(props: InstanceType<typeof TodayCounters>['$props'], locale: 'zh-CN' | 'en' = 'zh-CN') {
  const app = egretTestApp({ locale });
  wrapper = mount(TodayCounters, { props, global: { plugins: [app.plugin] } });
  return wrapper;
}

const figure = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`).text();

describe('TodayCounters', () => {
  it("shows today's figures, each a number under its label", () => {
    const w = mountCounters({ stats: todayStats() }, 'en');
    expect(figure(w, 'today-day')).toBe('2025-03-14');
    expect(figure(w, 'counter-calls-received')).toBe('412');
    expect(figure(w, 'counter-calls-answered')).toBe('398');
    expect(figure(w, 'counter-answer-rate')).toBe('96.6');
    expect(figure(w, 'counter-criminal')).toBe('17');
    expect(figure(w, 'counter-open')).toBe('33');
    expect(figure(w, 'counter-overdue')).toBe('4');
    expect([1, 2, 3, 4].map((p) => figure(w, `counter-open-p${p}`))).toEqual(['P1 3', 'P2 9', 'P3 15', 'P4 6']);
    expect(figure(w, 'counter-road-blocked')).toBe('Blocked 2');

    // A <dl>: each label is the term for its figure, readable as text.
    const terms = w.findAll('dl dt').map((dt) => dt.text());
    expect(terms).toEqual([
      'Calls received',
      'Calls answered',
      'Answer rate',
      'Criminal incidents',
      'Open incidents',
      'Overdue',
      'Open incidents by priority',
      'Roads',
    ]);
    expect(w.get('[data-testid="counter-overdue"]').element.previousElementSibling?.textContent).toBe('Overdue');
  });

  it('shows a dash for the answer rate before the first call of the day', () => {
    const w = mountCounters({ stats: todayStats({ calls: { received: 0, answered: 0, answerRate: null } }) });
    expect(figure(w, 'counter-answer-rate')).toBe('—');
    expect(figure(w, 'counter-calls-received')).toBe('0');
  });

  it('updates when new figures arrive', async () => {
    const w = mountCounters({ stats: todayStats() });
    await w.setProps({ stats: todayStats({ day: '2025-03-15', incidents: { reported: 0, criminal: 0, open: 30, overdue: 0 } }) });
    expect(figure(w, 'today-day')).toBe('2025-03-15');
    expect(figure(w, 'counter-open')).toBe('30');
    expect(figure(w, 'counter-criminal')).toBe('0');
  });

  it('says it is loading, or why it failed, with no figures yet', async () => {
    const w = mountCounters({ stats: null }, 'en');
    expect(w.find('dl').exists()).toBe(false);
    expect(w.text()).toContain("Reading today's figures");
    await w.setProps({ stats: null, error: 'the console host did not answer' });
    expect(w.get('[data-testid="today-error"]').text()).toContain('the console host did not answer');
  });
});
