// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { IncidentRow, Params, Result } from '../../../../native/api/index.ts';
import IncidentBoard from './IncidentBoard.vue';
import { AlertSoundKey } from './sound.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { incidentRow, signedInSession } from '../../test-support/board-fixtures.ts';
import { BOARD_MAX_PAGES, BOARD_PAGE_SIZE, useBoardStore } from '../../stores/board.ts';

type PageParams = Params<'incidents.page'>;

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  localStorage.clear();
});

const TOTAL = 100_000;

/** A host with `total` incidents, rows made up per offset; records every incidents.page call. */
function bigBoard(options: { total?: number; p1?: () => IncidentRow[] } = {}) {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'en' });
  const calls: PageParams[] = [];
  let total = options.total ?? TOTAL;
  let stamp = 1;
  app.host.handlers['incidents.page'] = (params): Result<'incidents.page'> => {
    calls.push(params);
    // The new-P1 alarm's own query.
    if (params.sort === 'reported' && params.filter?.status?.length === 1 && params.filter.status[0] === 'new') {
      const rows = options.p1?.() ?? [];
      return { total: rows.length, rows };
    }
    const offset = params.offset ?? 0;
    const limit = params.limit ?? 50;
    const rows: IncidentRow[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      rows.push(incidentRow({ id: `inc-${i}`, title: `事件 ${i} v${stamp}`, priority: 1 + (i % 4), status: i % 3 === 0 ? 'new' : 'verified' }));
    }
    return { total, rows };
  };
  const beep = vi.fn();
  app.client.start();
  wrapper = mount(IncidentBoard, {
    global: { plugins: [app.plugin], provide: { [AlertSoundKey as symbol]: beep } },
    attachTo: document.body,
  });
  const w = wrapper;
  const pageCalls = () => calls.filter((c) => c.limit === BOARD_PAGE_SIZE);
  const rows = () => w.findAll('[data-testid="board-row"]');
  const ids = () => rows().map((r) => r.attributes('data-id'));
  async function flush(): Promise<void> {
    for (let i = 0; i < 4; i++) await settle();
  }
  return {
    ...app,
    wrapper: w,
    calls,
    pageCalls,
    rows,
    ids,
    beep,
    flush,
    setTotal: (n: number) => (total = n),
    bump: () => stamp++,
    store: () => useBoardStore(),
  };
}

async function scrollList(w: VueWrapper, top: number): Promise<void> {
  const el = w.get('[data-testid="board-list"]').element as HTMLElement;
  el.scrollTop = top;
  el.dispatchEvent(new Event('scroll'));
  await settle();
}

describe('IncidentBoard', () => {
  it('pages through 100,000 incidents: asks for 200 rows at a time and renders only the visible rows', async () => {
    const b = bigBoard();
    await b.flush();
    expect(b.wrapper.get('[data-testid="board-total"]').text()).toBe('100000');
    expect(b.pageCalls()[0]).toMatchObject({ offset: 0, limit: 200, sort: 'priority' });
    expect(b.pageCalls()[0]!.filter).toEqual({ status: ['new', 'verified', 'dispatched', 'accepted', 'on_scene'] });
    const first = b.rows();
    expect(first.length).toBeGreaterThan(5);
    expect(first.length).toBeLessThan(60);
    expect(first[0]!.attributes()).toMatchObject({ 'data-id': 'inc-0', 'data-priority': '1', 'data-status': 'new' });
    // The spacer is as tall as all the rows, so the scrollbar is true.
    expect((b.wrapper.get('.spacer').element as HTMLElement).style.height).toBe(`${TOTAL * 36}px`);

    // Jump to the middle: the page around it is fetched, rows there appear, none from the top.
    await scrollList(b.wrapper, 50_000 * 36);
    await b.flush();
    expect(b.pageCalls().map((c) => c.offset)).toContain(50_000);
    const mid = b.ids();
    expect(mid.length).toBeLessThan(60);
    expect(mid).toContain('inc-50000');
    expect(mid).not.toContain('inc-0');

    // Far pages are dropped: the renderer holds only a few pages.
    await scrollList(b.wrapper, 90_000 * 36);
    await b.flush();
    const store = b.store();
    expect(store.heldPages().length).toBeLessThanOrEqual(BOARD_MAX_PAGES);
    expect(store.heldPages()).not.toContain(0);
    expect(store.rowAt(0)).toBeNull();
  });

  it('shows placeholders while a page is on its way, then the rows', async () => {
    const b = bigBoard();
    await b.flush();
    let release: (() => void) | null = null;
    const original = b.host.handlers['incidents.page']!;
    b.host.handlers['incidents.page'] = (params) =>
      new Promise((resolve) => {
        release = () => resolve(original(params) as Result<'incidents.page'>);
      });
    await scrollList(b.wrapper, 20_000 * 36);
    expect(b.wrapper.findAll('[data-testid="board-row-placeholder"]').length).toBeGreaterThan(0);
    expect(b.rows()).toHaveLength(0);
    release!();
    await b.flush();
    expect(b.ids()).toContain('inc-20000');
  });

  it('sends the chosen filters, sort and (debounced) search to the host', async () => {
    const b = bigBoard();
    await b.flush();
    const w = b.wrapper;
    const last = () => b.pageCalls().at(-1)!;

    await w.get('[data-testid="board-filter-priority"] [data-value="1"]').trigger('click');
    await b.flush();
    expect(last().filter).toMatchObject({ priority: [1] });
    expect(last().offset).toBe(0);

    await w.get('[data-testid="board-filter-source"]').setValue('119');
    await w.get('[data-testid="board-filter-district"]').setValue('350206');
    await w.get('[data-testid="board-filter-level"]').setValue('district');
    await w.get('[data-testid="board-filter-category"]').setValue('fire');
    await w.get('[data-testid="board-filter-overdue"]').setValue(true);
    await w.get('[data-testid="board-filter-status-any"]').trigger('click');
    await w.get('[data-testid="board-sort"]').setValue('reported');
    await b.flush();
    expect(last()).toEqual({
      filter: { priority: [1], source: ['119'], district: ['350206'], level: ['district'], category: 'fire', overdue: true },
      sort: 'reported',
      offset: 0,
      limit: 200,
    });

    const asked = b.pageCalls().length;
    const search = w.get('[data-testid="board-search"]');
    await search.setValue('仓库');
    await search.trigger('input');
    await search.setValue('仓库 起火');
    await search.trigger('input');
    await b.flush();
    expect(b.pageCalls()).toHaveLength(asked); // still typing
    b.timers.advance(300);
    await b.flush();
    expect(b.pageCalls()).toHaveLength(asked + 1);
    expect(last().filter?.search).toBe('仓库 起火');

    await w.get('[data-testid="board-filter-reset"]').trigger('click');
    await b.flush();
    expect(last().filter).toEqual({ status: ['new', 'verified', 'dispatched', 'accepted', 'on_scene'] });
    expect((search.element as HTMLInputElement).value).toBe('');
  });

  it('shows per-priority counts from small limit-1 queries with the priority choice left out', async () => {
    const b = bigBoard();
    await b.flush();
    const counts = b.calls.filter((c) => c.limit === 1);
    expect(counts.map((c) => c.filter?.priority)).toEqual([[1], [2], [3], [4]]);
    expect(b.wrapper.get('[data-testid="board-count-p1"]').text()).toBe('100000');
  });

  it('moves the selection with ↑/↓/PgDn/Home/End, opens on Enter, and / focuses the search', async () => {
    const b = bigBoard();
    await b.flush();
    const list = b.wrapper.get('[data-testid="board-list"]');
    const selected = () => b.wrapper.find('[data-testid="board-row"][aria-selected="true"]');

    await list.trigger('keydown', { key: 'ArrowDown' });
    expect(selected().attributes('data-id')).toBe('inc-0');
    await list.trigger('keydown', { key: 'ArrowDown' });
    await list.trigger('keydown', { key: 'ArrowDown' });
    await list.trigger('keydown', { key: 'ArrowUp' });
    expect(selected().attributes('data-id')).toBe('inc-1');
    expect(b.wrapper.emitted('select')?.at(-1)).toEqual(['inc-1']);
    await list.trigger('keydown', { key: 'Enter' });
    expect(b.wrapper.emitted('open')?.at(-1)).toEqual(['inc-1']);

    await list.trigger('keydown', { key: 'PageDown' });
    await settle();
    expect(Number(selected().attributes('data-index'))).toBeGreaterThan(5);

    await list.trigger('keydown', { key: 'End' });
    await b.flush();
    expect(b.pageCalls().map((c) => c.offset)).toContain(99_800);
    expect(selected().attributes('data-id')).toBe('inc-99999');
    expect(b.wrapper.emitted('select')?.at(-1)).toEqual(['inc-99999']);

    await list.trigger('keydown', { key: 'Home' });
    await b.flush();
    expect(selected().attributes('data-id')).toBe('inc-0');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: '/' }));
    expect(document.activeElement).toBe(b.wrapper.get('[data-testid="board-search"]').element);
  });

  it('re-fetches only the visible pages on entities.changed for incidents', async () => {
    const b = bigBoard();
    await b.flush();
    await scrollList(b.wrapper, 30_050 * 36);
    await b.flush();
    const before = b.pageCalls().length;
    b.bump();
    b.host.publish('entities.changed', [{ kind: 'camera', upserted: ['cam-1'], deleted: [] }]);
    await b.flush();
    expect(b.pageCalls()).toHaveLength(before);

    b.timers.advance(1_000);
    b.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-30051'], deleted: [] }]);
    await b.flush();
    const refetched = b.pageCalls().slice(before).map((c) => c.offset);
    expect(refetched.length).toBeGreaterThan(0);
    // Only the page under the viewport (30,050 is in the page at 30,000), not the ones held around it.
    expect(new Set(refetched)).toEqual(new Set([30_000]));
    expect(b.wrapper.get('[data-id="inc-30051"]').text()).toContain('v2');
  });

  it('flashes and beeps for a new priority-1 incident, not for the ones there at start; mute silences it', async () => {
    let p1: IncidentRow[] = [incidentRow({ id: 'inc-0', priority: 1 })];
    const b = bigBoard({ p1: () => p1 });
    await b.flush();
    expect(b.beep).not.toHaveBeenCalled();
    expect(b.wrapper.findAll('.flash')).toHaveLength(0);

    p1 = [incidentRow({ id: 'inc-4', priority: 1 }), ...p1];
    b.timers.advance(1_000);
    b.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-4'], deleted: [] }]);
    await b.flush();
    expect(b.beep).toHaveBeenCalledTimes(1);
    expect(b.wrapper.findAll('.flash').map((r) => r.attributes('data-id'))).toEqual(['inc-4']);
    b.timers.advance(3_000);
    await settle();
    expect(b.wrapper.findAll('.flash')).toHaveLength(0);

    await b.wrapper.get('[data-testid="board-mute"]').trigger('click');
    expect(b.wrapper.get('[data-testid="board-mute"]').attributes('aria-pressed')).toBe('true');
    expect(localStorage.getItem('egret.board.muted')).toBe('1');
    p1 = [incidentRow({ id: 'inc-8', priority: 1 }), ...p1];
    b.timers.advance(1_000);
    b.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-8'], deleted: [] }]);
    await b.flush();
    expect(b.beep).toHaveBeenCalledTimes(1);
    expect(b.wrapper.findAll('.flash').map((r) => r.attributes('data-id'))).toEqual(['inc-8']);
  });

  it('shows a running mm:ss timer on new (unacknowledged) incidents and marks overdue ones', async () => {
    const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'en' });
    const reported = Date.now() - 65_000;
    app.host.handlers['incidents.page'] = () => ({
      total: 2,
      rows: [incidentRow({ id: 'fresh', status: 'new', reportedAt: reported }), incidentRow({ id: 'late', status: 'verified', overdue: true })],
    });
    app.client.start();
    wrapper = mount(IncidentBoard, { global: { plugins: [app.plugin] }, attachTo: document.body });
    for (let i = 0; i < 4; i++) await settle();
    const fresh = wrapper.get('[data-id="fresh"]');
    expect(fresh.get('[data-testid="board-row-timer"]').text()).toMatch(/^01:0[5-6]$/);
    expect(fresh.find('[data-testid="board-row-overdue"]').exists()).toBe(false);
    const late = wrapper.get('[data-id="late"]');
    expect(late.find('[data-testid="board-row-timer"]').exists()).toBe(false);
    expect(late.get('[data-testid="board-row-overdue"]').text()).toBe('Overdue');
  });

  it('asks the host for nothing before sign-in', async () => {
    const app = egretTestApp({ locale: 'en' });
    const asked: PageParams[] = [];
    app.host.handlers['incidents.page'] = (p) => {
      asked.push(p);
      return { total: 0, rows: [] };
    };
    app.client.start();
    wrapper = mount(IncidentBoard, { global: { plugins: [app.plugin] }, attachTo: document.body });
    await settle();
    await settle();
    expect(asked).toHaveLength(0);
    expect(wrapper.get('[data-testid="board-signed-out"]').text()).toContain('after sign-in');
  });
});
