// @vitest-environment happy-dom
/* eslint-disable vue/one-component-per-file -- the tests compose the board with its window siblings */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { IncidentRow, Params, Result } from '../../../../native/api/index.ts';
import IncidentBoard from './IncidentBoard.vue';
import { defineComponent, h } from 'vue';
import { AlertSoundKey } from '../alarm/sound.ts';
import AlarmSound from '../alarm/AlarmSound.vue';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { incidentRow, signedInSession } from '../../test-support/board-fixtures.ts';
import { FakeSelection } from '../../test-support/fake-selection.ts';
import { BOARD_COUNT_EVERY_MS, BOARD_MAX_PAGES, BOARD_PAGE_SIZE, BOARD_WINDOW_MARGIN, useBoardStore } from '../../stores/board.ts';

type PageParams = Params<'incidents.page'>;

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  localStorage.clear();
});

const TOTAL = 100_000;

/** A host with `total` incidents, rows made up per index; records every incidents.page call. */
function bigBoard(options: { total?: number; alarmUnanswered?: boolean } = {}) {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'en' });
  if (options.alarmUnanswered) {
    // A host that never answers the alarm subscription (everything else as usual).
    const withAnswers = app.host.shell.onOpen!;
    app.host.shell.onOpen = (transport) => {
      withAnswers(transport);
      const answer = transport.onSend!;
      transport.onSend = (frame) => {
        if (frame.type !== 'subscribe' || frame.topic !== 'incidents.alarm') answer(frame);
      };
    };
  }
  const calls: PageParams[] = [];
  let total = options.total ?? TOTAL;
  let stamp = 1;
  app.host.handlers['incidents.page'] = (params): Result<'incidents.page'> => {
    calls.push(params);
    // Keyset: the page starts right after the row it names (rows here are inc-<index>).
    const start = params.after ? Number(params.after.id.slice('inc-'.length)) + 1 : (params.offset ?? 0);
    const limit = params.limit ?? 50;
    const rows: IncidentRow[] = [];
    for (let i = start; i < Math.min(total, start + limit); i++) {
      rows.push(incidentRow({ id: `inc-${i}`, rev: stamp, title: `事件 ${i} v${stamp}`, priority: 1 + (i % 4), status: i % 3 === 0 ? 'new' : 'verified' }));
    }
    // As the host: no counts unless asked for.
    if (params.count === false) return { total: null, byPriority: null, rows };
    const quarter = Math.floor(total / 4);
    return { total, byPriority: [total - 3 * quarter, quarter, quarter, quarter], rows };
  };
  const beep = vi.fn();
  app.client.start();
  // The board and the window's alarm sound (App.vue mounts it once per window).
  const Window = defineComponent({ render: () => [h(IncidentBoard), h(AlarmSound)] });
  wrapper = mount(Window, {
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
      // A new filter: its rows come with its counts.
      count: true,
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

  it('shows per-priority counts from the page’s own answer: no query of its own', async () => {
    const b = bigBoard();
    await b.flush();
    expect(b.calls.every((c) => c.limit === BOARD_PAGE_SIZE)).toBe(true);
    expect(b.wrapper.get('[data-testid="board-count-p1"]').text()).toBe('25000');
    expect(b.wrapper.get('[data-testid="board-count-p4"]').text()).toBe('25000');
  });

  it('asks for the page after a held one right after its last row (keyset), not by offset', async () => {
    const b = bigBoard();
    await b.flush();
    await scrollList(b.wrapper, 195 * 36);
    await b.flush();
    const next = b.pageCalls().find((c) => c.offset === BOARD_PAGE_SIZE);
    expect(next?.after).toMatchObject({ id: 'inc-199' });
    expect(b.ids()).toContain('inc-200');
  });

  it("highlights the incident selected in another window of the operator, and shares the one opened here", async () => {
    const b = bigBoard();
    const selection = new FakeSelection().attach(b.host);
    await b.flush();
    const highlighted = () => b.wrapper.findAll('[data-testid="board-row"][aria-selected="true"]').map((r) => r.attributes('data-id'));
    selection.choose('inc-3');
    await b.flush();
    expect(highlighted()).toEqual(['inc-3']);

    // One whose page is not held yet: highlighted once its row is in.
    selection.choose('inc-1500');
    await b.flush();
    expect(highlighted()).toEqual([]);
    await scrollList(b.wrapper, 1_495 * 36);
    await b.flush();
    expect(highlighted()).toEqual(['inc-1500']);

    await scrollList(b.wrapper, 0);
    await b.flush();
    await b.wrapper.get('[data-testid="board-row"][data-id="inc-5"]').trigger('click');
    await b.flush();
    expect(highlighted()).toEqual(['inc-5']);
    expect(selection.sets).toEqual([{ incident: 'inc-5', window: 'main' }]);
    expect(b.wrapper.findComponent(IncidentBoard).emitted('open')?.at(-1)).toEqual(['inc-5']);
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
    expect(b.wrapper.findComponent(IncidentBoard).emitted('select')?.at(-1)).toEqual(['inc-1']);
    await list.trigger('keydown', { key: 'Enter' });
    expect(b.wrapper.findComponent(IncidentBoard).emitted('open')?.at(-1)).toEqual(['inc-1']);

    await list.trigger('keydown', { key: 'PageDown' });
    await settle();
    expect(Number(selected().attributes('data-index'))).toBeGreaterThan(5);

    await list.trigger('keydown', { key: 'End' });
    await b.flush();
    expect(b.pageCalls().map((c) => c.offset)).toContain(99_800);
    expect(selected().attributes('data-id')).toBe('inc-99999');
    expect(b.wrapper.findComponent(IncidentBoard).emitted('select')?.at(-1)).toEqual(['inc-99999']);

    await list.trigger('keydown', { key: 'Home' });
    await b.flush();
    expect(selected().attributes('data-id')).toBe('inc-0');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: '/' }));
    expect(document.activeElement).toBe(b.wrapper.get('[data-testid="board-search"]').element);
  });

  it('re-reads only the rows on screen (and a margin) on entities.changed for incidents, after the row above them', async () => {
    const b = bigBoard();
    await b.flush();
    await scrollList(b.wrapper, 30_050 * 36);
    await b.flush();
    const before = b.calls.length;
    b.bump();
    b.host.publish('entities.changed', [{ kind: 'camera', upserted: ['cam-1'], deleted: [] }]);
    await b.flush();
    expect(b.calls).toHaveLength(before);

    b.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-30051'], deleted: [] }]);
    await b.flush();
    const refreshed = b.calls.slice(before);
    expect(refreshed).toHaveLength(1);
    const first = Number(b.rows()[0]!.attributes('data-index'));
    // The window starts a margin above the first row shown, right after the row held above it.
    expect(refreshed[0]!.after?.id).toBe(`inc-${first - BOARD_WINDOW_MARGIN - 1}`);
    expect(refreshed[0]!.limit).toBeLessThan(BOARD_PAGE_SIZE);
    expect(b.wrapper.get('[data-id="inc-30051"]').text()).toContain('v2');
  });

  it('counts the total at most every half second however often it re-reads the rows on screen', async () => {
    const b = bigBoard();
    await b.flush();
    const before = b.calls.length;
    for (let i = 0; i < 4; i++) {
      b.host.publish('entities.changed', [{ kind: 'incident', upserted: [`inc-${i}`], deleted: [] }]);
      await b.flush();
      b.timers.advance(100);
    }
    const reads = b.calls.slice(before);
    expect(reads).toHaveLength(4);
    expect(reads.filter((c) => c.count).length).toBeLessThanOrEqual(1);
    b.timers.advance(BOARD_COUNT_EVERY_MS);
    b.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-9'], deleted: [] }]);
    await b.flush();
    expect(b.calls.at(-1)!.count).toBe(true);
  });

  it('keeps a row that did not change: the same object, so the list does not re-render it', async () => {
    const b = bigBoard();
    await b.flush();
    const held = b.store().rowAt(3);
    b.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-9'], deleted: [] }]);
    await b.flush();
    expect(b.calls.length).toBeGreaterThan(1);
    expect(b.store().rowAt(3)).toBe(held);
  });

  it('flashes, beeps and re-reads at once for a new priority-1 incident the host announces; mute silences it', async () => {
    const b = bigBoard();
    await b.flush();
    expect(b.wrapper.get('[data-testid="alarm-state"]').attributes('data-state')).toBe('armed');
    expect(b.beep).not.toHaveBeenCalled();
    expect(b.wrapper.findAll('.flash')).toHaveLength(0);

    const before = b.calls.length;
    b.host.publish('incidents.alarm', [{ kind: 'new_p1', incident: incidentRow({ id: 'inc-4', priority: 1 }) }]);
    await b.flush();
    expect(b.beep).toHaveBeenCalledTimes(1);
    expect(b.calls.length).toBe(before + 1);
    expect(b.wrapper.findAll('.flash').map((r) => r.attributes('data-id'))).toEqual(['inc-4']);
    b.timers.advance(3_000);
    await settle();
    expect(b.wrapper.findAll('.flash')).toHaveLength(0);

    await b.wrapper.get('[data-testid="board-mute"]').trigger('click');
    expect(b.wrapper.get('[data-testid="board-mute"]').attributes('aria-pressed')).toBe('true');
    expect(localStorage.getItem('egret.board.muted')).toBe('1');
    b.host.publish('incidents.alarm', [{ kind: 'new_p1', incident: incidentRow({ id: 'inc-8', priority: 1 }) }]);
    await b.flush();
    expect(b.beep).toHaveBeenCalledTimes(1);
    expect(b.wrapper.findAll('.flash').map((r) => r.attributes('data-id'))).toEqual(['inc-8']);
  });

  it('places a new P1 at its place the moment the host announces it, before the host answers the re-read', async () => {
    const b = bigBoard();
    await b.flush();
    // The host is slow to answer from here on: the row must not wait for it.
    const original = b.host.handlers['incidents.page']!;
    const held: (() => void)[] = [];
    b.host.handlers['incidents.page'] = (params) => new Promise((resolve) => held.push(() => resolve(original(params) as Result<'incidents.page'>)));
    // inc-0 (P1, reported at the fixture's time) is at the top; a P1 reported later goes above it.
    const fresh = incidentRow({ id: 'inc-p1-new', priority: 1, status: 'new', reportedAt: incidentRow().reportedAt + 60_000, title: '新一级警情' });
    b.host.publish('incidents.alarm', [{ kind: 'new_p1', incident: fresh }]);
    await b.flush();
    expect(b.ids().slice(0, 2)).toEqual(['inc-p1-new', 'inc-0']);
    expect(b.wrapper.get('[data-testid="board-total"]').text()).toBe(String(TOTAL + 1));
    expect(b.wrapper.get('[data-testid="board-count-p1"]').text()).toBe(String(TOTAL / 4 + 1));
    expect(held.length).toBeGreaterThan(0);
    for (const release of held.splice(0)) release();
    await b.flush();
  });

  it('places nothing it cannot judge: a search is on, or the filter leaves the new P1 out', async () => {
    const b = bigBoard();
    await b.flush();
    await b.wrapper.get('[data-testid="board-filter-priority"] [data-value="2"]').trigger('click');
    await b.flush();
    const before = b.ids();
    b.host.handlers['incidents.page'] = () => new Promise(() => {});
    b.host.publish('incidents.alarm', [{ kind: 'new_p1', incident: incidentRow({ id: 'inc-p1-x', priority: 1, reportedAt: incidentRow().reportedAt + 60_000 }) }]);
    await b.flush();
    expect(b.ids()).toEqual(before);
  });

  it('shows that the alarm is down — the host says so, or the host is unreachable — and armed again after', async () => {
    const b = bigBoard();
    await b.flush();
    const state = () => b.wrapper.get('[data-testid="alarm-state"]');
    b.host.publish('incidents.alarm', [{ kind: 'down', reason: 'the new-P1 alarm could not read the cache: disk I/O error', at: '2026-11-28T01:00:00Z' }]);
    await b.flush();
    expect(state().attributes('data-state')).toBe('down');
    expect(state().text()).toContain('disk I/O error');
    expect(state().attributes('role')).toBe('alert');
    b.host.publish('incidents.alarm', [{ kind: 'restored', at: '2026-11-28T01:00:05Z' }]);
    await b.flush();
    expect(state().attributes('data-state')).toBe('armed');

    b.host.shell.current.close();
    await b.flush();
    expect(state().attributes('data-state')).toBe('down');
    expect(state().text()).toContain('unreachable');
    // The client reconnects, subscribes again, and the host's answer arms the alarm.
    b.timers.advance(1_000);
    await b.flush();
    expect(state().attributes('data-state')).toBe('armed');
  });

  it('says the alarm is down when the host never answers the subscription', async () => {
    const b = bigBoard({ alarmUnanswered: true });
    await b.flush();
    expect(b.wrapper.get('[data-testid="alarm-state"]').attributes('data-state')).toBe('arming');
    b.timers.advance(5_000);
    await b.flush();
    expect(b.wrapper.get('[data-testid="alarm-state"]').attributes('data-state')).toBe('down');
    expect(b.wrapper.get('[data-testid="alarm-state"]').text()).toContain('did not answer');
  });

  it('shows a running mm:ss timer on new (unacknowledged) incidents and marks overdue ones', async () => {
    const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'en' });
    // The board's clock is the window's timers (a test clock here, at 0).
    const reported = app.timers.now() - 65_000;
    app.host.handlers['incidents.page'] = () => ({
      total: 2,
      byPriority: [0, 2, 0, 0] as [number, number, number, number],
      rows: [incidentRow({ id: 'fresh', status: 'new', reportedAt: reported }), incidentRow({ id: 'late', status: 'verified', overdue: true })],
    });
    app.client.start();
    wrapper = mount(IncidentBoard, { global: { plugins: [app.plugin] }, attachTo: document.body });
    for (let i = 0; i < 4; i++) await settle();
    const fresh = wrapper.get('[data-id="fresh"]');
    expect(fresh.get('[data-testid="board-row-timer"]').text()).toBe('01:05');
    expect(fresh.find('[data-testid="board-row-overdue"]').exists()).toBe(false);
    const late = wrapper.get('[data-id="late"]');
    expect(late.find('[data-testid="board-row-timer"]').exists()).toBe(false);
    expect(late.get('[data-testid="board-row-overdue"]').text()).toBe('Overdue');
  });

  it('a compact board beside the full one keeps its own filter and rows, and has no filter bar', async () => {
    const app = egretTestApp({ session: signedInSession('duty_chief'), locale: 'en' });
    const calls: PageParams[] = [];
    app.host.handlers['incidents.page'] = (params) => {
      calls.push(params);
      const rows = [incidentRow({ id: params.filter?.priority?.length ? 'inc-p1' : 'inc-any' })];
      return { total: 1, byPriority: [1, 0, 0, 0], rows };
    };
    app.client.start();
    const Both = defineComponent({ render: () => [h(IncidentBoard), h(IncidentBoard, { compact: true })] });
    wrapper = mount(Both, { global: { plugins: [app.plugin] }, attachTo: document.body });
    for (let i = 0; i < 4; i++) await settle();
    const [full, compact] = wrapper.findAllComponents(IncidentBoard);
    expect(compact!.find('[data-testid="board-filters"]').exists()).toBe(false);
    await full!.get('[data-testid="board-filter-priority"] [data-value="1"]').trigger('click');
    for (let i = 0; i < 4; i++) await settle();
    expect(full!.findAll('[data-testid="board-row"]').map((r) => r.attributes('data-id'))).toEqual(['inc-p1']);
    expect(compact!.findAll('[data-testid="board-row"]').map((r) => r.attributes('data-id'))).toEqual(['inc-any']);
    expect(calls.filter((c) => c.filter?.priority)).toHaveLength(1);
  });

  it('asks the host for nothing before sign-in', async () => {
    const app = egretTestApp({ locale: 'en' });
    const asked: PageParams[] = [];
    app.host.handlers['incidents.page'] = (p) => {
      asked.push(p);
      return { total: 0, byPriority: [0, 0, 0, 0], rows: [] };
    };
    app.client.start();
    wrapper = mount(IncidentBoard, { global: { plugins: [app.plugin] }, attachTo: document.body });
    await settle();
    await settle();
    expect(asked).toHaveLength(0);
    expect(wrapper.get('[data-testid="board-signed-out"]').text()).toContain('after sign-in');
  });
});
