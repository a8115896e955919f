// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { IncidentRow } from '../../../native/api/index.ts';
import IncidentList from './IncidentList.vue';
import { egretTestApp } from '../test-support/egret-app.ts';
import { incidentRow } from '../test-support/board-fixtures.ts';
import type { Locale } from '../i18n/index.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

function mountList(rows: IncidentRow[], options: { locale?: Locale; loaded?: boolean; total?: number } = {}) {
  const app = egretTestApp({ locale: options.locale ?? 'zh-CN' });
  wrapper = mount(IncidentList, {
    props: { rows, total: options.total ?? rows.length, loaded: options.loaded ?? true, timeZone: 'Asia/Shanghai' },
    global: { plugins: [app.plugin] },
    attachTo: document.body,
  });
  return { ...app, wrapper };
}

const rowEls = (w: VueWrapper) => w.findAll('[data-testid="incident-row"]');

describe('IncidentList', () => {
  it('shows priority, title, translated status, district, reported time and total', () => {
    const { wrapper } = mountList(
      [
        incidentRow({
          id: 'a',
          priority: 1,
          status: 'on_scene',
          district: '350206',
          title: '仓库起火',
          reportedAt: Date.UTC(2025, 2, 14, 15, 42),
        }),
        incidentRow({ id: 'b', priority: 4, status: 'verified', district: '350213' }),
      ],
      { total: 73 },
    );
    const [first, second] = rowEls(wrapper);
    expect(first!.attributes()).toMatchObject({ 'data-id': 'a', 'data-priority': '1', 'data-status': 'on_scene' });
    expect(first!.get('.priority-badge').text()).toBe('P1');
    expect(first!.get('.priority-badge').classes()).toContain('p1');
    expect(first!.text()).toContain('仓库起火');
    expect(first!.get('.status').text()).toBe('已到场');
    expect(first!.get('.district').text()).toBe('湖里区');
    // 15:42 UTC is 23:42 on the platform's clock.
    expect(first!.get('time').text()).toBe('23:42');
    expect(second!.get('.priority-badge').classes()).toContain('p4');
    expect(second!.get('.district').text()).toBe('翔安区');
    expect(wrapper.get('[data-testid="incident-total"]').text()).toBe('73');
    expect(wrapper.text()).toContain('显示前 2 起');
  });

  it('translates into English, and shows unknown codes as they came', () => {
    const { wrapper } = mountList(
      [incidentRow({ status: 'dispatched', district: '350212' }), incidentRow({ id: 'z', status: 'escalated', district: '350299' })],
      { locale: 'en' },
    );
    const [known, unknown] = rowEls(wrapper);
    expect(known!.get('.status').text()).toBe('Dispatched');
    expect(known!.get('.district').text()).toBe("Tong'an");
    expect(unknown!.get('.status').text()).toBe('escalated');
    expect(unknown!.get('.district').text()).toBe('350299');
  });

  it('marks overdue incidents', () => {
    const { wrapper } = mountList([incidentRow({ id: 'late', overdue: true }), incidentRow({ id: 'fine' })], { locale: 'en' });
    const [late, fine] = rowEls(wrapper);
    expect(late!.get('[data-testid="incident-overdue"]').text()).toBe('Overdue');
    expect(late!.classes()).toContain('overdue');
    expect(fine!.find('[data-testid="incident-overdue"]').exists()).toBe(false);
  });

  it('flashes a priority-1 incident it has not seen before, briefly; not the first page, not lower priorities', async () => {
    const { wrapper, timers } = mountList([incidentRow({ id: 'old-p1', priority: 1 })]);
    expect(wrapper.findAll('.flash')).toHaveLength(0); // already on the board when it opened

    await wrapper.setProps({
      rows: [
        incidentRow({ id: 'new-p1', priority: 1 }),
        incidentRow({ id: 'old-p1', priority: 1 }),
        incidentRow({ id: 'new-p2', priority: 2 }),
      ],
    });
    expect(wrapper.findAll('.flash').map((r) => r.attributes('data-id'))).toEqual(['new-p1']);

    // A re-read that still holds it does not restart the flash; it ends on its own.
    await wrapper.setProps({ rows: [incidentRow({ id: 'new-p1', priority: 1, rev: 2 }), incidentRow({ id: 'old-p1', priority: 1 })] });
    timers.advance(3_000);
    await wrapper.vm.$nextTick();
    expect(wrapper.findAll('.flash')).toHaveLength(0);
  });

  it('does not flash what the first page brings after loading (the baseline), only what comes after', async () => {
    const { wrapper } = mountList([], { loaded: false });
    await wrapper.setProps({ rows: [incidentRow({ id: 'p1', priority: 1 })], loaded: true });
    expect(wrapper.findAll('.flash')).toHaveLength(0);
    await wrapper.setProps({ rows: [incidentRow({ id: 'p1b', priority: 1 }), incidentRow({ id: 'p1', priority: 1 })] });
    expect(wrapper.findAll('.flash').map((r) => r.attributes('data-id'))).toEqual(['p1b']);
  });

  it('is focusable and moves the selection with the arrow keys', async () => {
    const { wrapper } = mountList([incidentRow({ id: 'a' }), incidentRow({ id: 'b' }), incidentRow({ id: 'c' })]);
    const list = wrapper.get('[data-testid="incident-list"]');
    expect(list.attributes('tabindex')).toBe('0');
    const selected = () => wrapper.findAll('[aria-selected="true"]').map((r) => r.attributes('data-id'));
    expect(selected()).toEqual([]);

    await list.trigger('keydown', { key: 'ArrowDown' });
    expect(selected()).toEqual(['a']);
    await list.trigger('keydown', { key: 'ArrowDown' });
    await list.trigger('keydown', { key: 'ArrowDown' });
    await list.trigger('keydown', { key: 'ArrowDown' }); // stays on the last
    expect(selected()).toEqual(['c']);
    expect(list.attributes('aria-activedescendant')).toBe(wrapper.get('[data-id="c"]').attributes('id'));
    await list.trigger('keydown', { key: 'ArrowUp' });
    expect(selected()).toEqual(['b']);
    expect(wrapper.emitted('select')?.at(-1)).toEqual(['b']);

    // The selection follows the incident, not the position, when the list re-sorts.
    await wrapper.setProps({ rows: [incidentRow({ id: 'b' }), incidentRow({ id: 'a' }), incidentRow({ id: 'c' })] });
    await list.trigger('keydown', { key: 'ArrowDown' });
    expect(selected()).toEqual(['a']);
  });

  it('says when there are no open incidents', () => {
    const { wrapper } = mountList([], { locale: 'en' });
    expect(wrapper.get('[data-testid="incident-list-empty"]').text()).toBe('No open incidents right now.');
    expect(wrapper.get('[data-testid="incident-total"]').text()).toBe('0');
  });
});
