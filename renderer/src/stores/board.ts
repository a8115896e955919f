import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { BoardCursor, EntityKindName, IncidentRow, Params, Result } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { coalescedRefresh, keepFresh } from './coalesced-refresh.ts';
import { latestWins } from './live-query.ts';
import { useAlarmStore } from './alarm.ts';
import {
  matchesFilter,
  sortsBefore,
  type BoardFilterState,
  type BoardPriority,
  type BoardSort,
  defaultBoardFilter,
  toIncidentFilter,
} from './board-filter.ts';

export * from './board-filter.ts';

const INCIDENT_KINDS: ReadonlySet<EntityKindName> = new Set(['incident']);

/** Rows fetched at a time when the operator scrolls to rows not held yet (the contract allows ≤ 500). */
export const BOARD_PAGE_SIZE = 200;
/** Rows held at most, in pages around the viewport; the farthest go first. */
export const BOARD_MAX_PAGES = 5;
/** Rows above and below the viewport that a live refresh re-reads with it (the list's overscan and a little more). */
export const BOARD_WINDOW_MARGIN = 20;
/**
 * The total and the per-priority counts are asked for at most this often:
 * counting visits every matching row (~10 ms at 100,000), while the rows on
 * screen are re-read up to ten times a second. A new row shows at once all
 * the same; only the list's length may lag by this much.
 */
export const BOARD_COUNT_EVERY_MS = 500;

/** `overdue` is decided when rows are read; re-read this often even with no changes. */
export const BOARD_RECHECK_MS = 60_000;

export const PRIORITIES: readonly BoardPriority[] = [1, 2, 3, 4];

const cursorOf = (row: IncidentRow): BoardCursor => ({
  priority: row.priority,
  reportedAt: row.reportedAt,
  updatedAt: row.updatedAt,
  id: row.id,
});

/** The row as held when nothing shown in it changed: the list then skips re-rendering it. */
const sameRow = (a: IncidentRow | undefined, b: IncidentRow): a is IncidentRow =>
  a !== undefined && a.id === b.id && a.rev === b.rev && a.overdue === b.overdue && a.callerPhone === b.callerPhone;

/**
 * The incident board: a window onto `incidents.page` for a virtual list of
 * any length. It holds the rows around the viewport (plain Map, frozen rows,
 * never deeply reactive; `version` tells the view to re-read). Scrolling to
 * rows not held fetches their page, right after the row above it when that
 * is held (keyset: a seek, not an OFFSET walk). A live change re-reads only
 * the rows on screen and a margin, with the total and the per-priority
 * counts in the same answer; rows held off screen stay until they are shown
 * again or the next refresh reaches them. A new P1 (the host's alarm push)
 * re-reads at once.
 */
function boardStore() {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());
  const alarm = useAlarmStore();

  const filter = shallowRef<BoardFilterState>(defaultBoardFilter());
  const sort = ref<BoardSort>('priority');
  const total = ref(0);
  const loaded = ref(false);
  const error = shallowRef<ApiCallError | null>(null);
  /** Per-priority totals for the current filter with its priority choice left out. */
  const priorityCounts = shallowRef<readonly [number, number, number, number] | null>(null);
  /** Bumped whenever held rows change: the view re-reads `rowAt`. */
  const version = ref(0);
  /** Bumped when the filter or sort changes: the view scrolls back to the top. */
  const resets = ref(0);
  /** Off screen (a tab not shown), the board does not re-read its rows; the first refresh after catches up. */
  const active = ref(true);
  let missedRefresh = false;

  /** index → row, for the rows around the viewport. */
  const rows = new Map<number, IncidentRow>();
  /** Pages being fetched because the viewport reached rows not held. */
  const fetching = new Set<number>();
  let viewport = { start: 0, end: 40 };
  /** When the total was last counted (the window's timers); -Infinity: count with the next answer. */
  let countedAt = Number.NEGATIVE_INFINITY;
  // Answers to queries from before a filter change or a sign-out are dropped.
  const tickets = latestWins();

  const params = computed(() => toIncidentFilter(filter.value));

  /** Stores an answer's rows from `start`, keeping held objects that did not change. */
  function put(start: number, answer: Result<'incidents.page'>, asked: number): void {
    for (let i = 0; i < answer.rows.length; i++) {
      const row = answer.rows[i]!;
      const held = rows.get(start + i);
      rows.set(start + i, sameRow(held, row) ? held : Object.freeze(row));
    }
    // A short answer reached the end of the list: what was held past it is gone.
    if (answer.rows.length < asked) for (const index of [...rows.keys()]) if (index >= start + answer.rows.length) rows.delete(index);
    if (answer.total !== null) {
      total.value = answer.total;
      priorityCounts.value = answer.byPriority;
    } else if (answer.rows.length < asked) {
      // Not counted, but this answer ran out of rows: the list ends here.
      total.value = start + answer.rows.length;
    }
    for (const index of [...rows.keys()]) if (index >= total.value) rows.delete(index);
    loaded.value = true;
    error.value = null;
    evict();
    version.value++;
  }

  /** Keeps the rows of the pages nearest the viewport only. */
  function evict(): void {
    const first = Math.floor(viewport.start / BOARD_PAGE_SIZE);
    const last = Math.floor(Math.max(viewport.start, viewport.end) / BOARD_PAGE_SIZE);
    const spare = Math.max(0, BOARD_MAX_PAGES - (last - first + 1));
    const lo = (first - Math.floor(spare / 2)) * BOARD_PAGE_SIZE;
    const hi = (last + Math.ceil(spare / 2) + 1) * BOARD_PAGE_SIZE;
    for (const index of [...rows.keys()]) if (index < lo || index >= hi) rows.delete(index);
  }

  /** Asks for `limit` rows from `start`: after the row above when held, else by offset; counted when the counts are due. */
  function ask(start: number, limit: number): Promise<Result<'incidents.page'>> {
    const above = start > 0 ? rows.get(start - 1) : undefined;
    const count = !loaded.value || timers.now() - countedAt >= BOARD_COUNT_EVERY_MS;
    if (count) countedAt = timers.now();
    const query: Params<'incidents.page'> = { filter: params.value, sort: sort.value, offset: start, limit, count };
    if (above) query.after = cursorOf(above);
    return client.call('incidents.page', query);
  }

  async function fetchPage(page: number): Promise<void> {
    const wanted = tickets.join();
    fetching.add(page);
    try {
      const answer = await ask(page * BOARD_PAGE_SIZE, BOARD_PAGE_SIZE);
      if (wanted()) put(page * BOARD_PAGE_SIZE, answer, BOARD_PAGE_SIZE);
      // The first answer brings the total: the viewport may need more rows.
      if (wanted()) queueMicrotask(ensureRows);
    } catch (e) {
      if (wanted()) error.value = asApiCallError(e);
    } finally {
      fetching.delete(page);
    }
  }

  /** Fetches the pages of viewport rows that are neither held nor on their way. */
  function ensureRows(): void {
    if (!signedInWithRole.value) return;
    const last = loaded.value ? Math.min(viewport.end, total.value - 1) : viewport.start;
    for (let index = viewport.start; index <= last; index++) {
      if (rows.has(index)) continue;
      const page = Math.floor(index / BOARD_PAGE_SIZE);
      if (!fetching.has(page)) void fetchPage(page);
      index = (page + 1) * BOARD_PAGE_SIZE - 1;
    }
  }

  /** The view tells which rows it shows (indexes, end inclusive). */
  function setViewport(start: number, end: number): void {
    viewport = { start: Math.max(0, start), end: Math.max(0, start, end) };
    evict();
    ensureRows();
  }

  /** The row at `index`, or null while it is on its way. Reactive through `version`. */
  function rowAt(index: number): IncidentRow | null {
    void version.value;
    return rows.get(index) ?? null;
  }

  /** Where a held row is, or -1. */
  function indexOf(id: string): number {
    for (const [index, row] of rows) if (row.id === id) return index;
    return -1;
  }

  /** The pages some of whose rows are held. */
  function heldPages(): number[] {
    return [...new Set([...rows.keys()].map((index) => Math.floor(index / BOARD_PAGE_SIZE)))].sort((a, b) => a - b);
  }

  // ── A new P1, placed from the alarm's push before the host is asked ──────
  /**
   * The alarm's push carries the new incident's row: when it belongs among
   * the rows held from the top (the filter matches and every row above its
   * place is held), it goes there at once and the rows below move down one;
   * the re-read that follows confirms or corrects it. A P1 then shows with
   * the push, not a host round trip later.
   */
  function placeNewP1(row: IncidentRow): void {
    if (!loaded.value || !matchesFilter(filter.value, row) || indexOf(row.id) >= 0) return;
    let at = 0;
    for (;;) {
      const held = rows.get(at);
      if (!held) {
        if (at < total.value) return; // a row above its place is not held: the re-read will bring it
        break;
      }
      if (sortsBefore(sort.value, row, held)) break;
      at++;
    }
    const below = [...rows.keys()].filter((index) => index >= at).sort((a, b) => b - a);
    for (const index of below) {
      rows.set(index + 1, rows.get(index)!);
      rows.delete(index);
    }
    rows.set(at, Object.freeze(row));
    total.value++;
    if (priorityCounts.value) {
      const counts = [...priorityCounts.value] as [number, number, number, number];
      counts[row.priority - 1]!++;
      priorityCounts.value = counts;
    }
    evict();
    version.value++;
  }
  onScopeDispose(alarm.onNewP1(placeNewP1));

  // ── Live refresh: the rows on screen, the total and the counts, in one call ──
  async function refreshWindow(): Promise<void> {
    if (!signedInWithRole.value) return;
    if (!active.value) {
      missedRefresh = true;
      return;
    }
    const wanted = tickets.join();
    const start = Math.max(0, viewport.start - BOARD_WINDOW_MARGIN);
    const limit = Math.min(500, viewport.end + BOARD_WINDOW_MARGIN + 1 - start);
    try {
      const answer = await ask(start, limit);
      if (!wanted()) return;
      put(start, answer, limit);
    } catch (e) {
      if (wanted()) error.value = asApiCallError(e);
      return;
    }
    // The total may have grown or shrunk: the viewport may now need other rows.
    ensureRows();
  }

  const refresher = coalescedRefresh(refreshWindow, timers);

  function restart(): void {
    tickets.next();
    countedAt = Number.NEGATIVE_INFINITY;
    rows.clear();
    fetching.clear();
    viewport = { start: 0, end: Math.max(0, viewport.end - viewport.start) };
    loaded.value = false;
    version.value++;
    resets.value++;
    ensureRows();
  }

  function setFilter(patch: Partial<BoardFilterState>): void {
    filter.value = { ...filter.value, ...patch };
    restart();
  }

  function resetFilter(): void {
    filter.value = defaultBoardFilter();
    restart();
  }

  function setSort(next: BoardSort): void {
    if (next === sort.value) return;
    sort.value = next;
    restart();
  }

  function setActive(next: boolean): void {
    active.value = next;
    if (next && missedRefresh) {
      missedRefresh = false;
      refresher.request();
    }
  }

  function clear(): void {
    tickets.next();
    countedAt = Number.NEGATIVE_INFINITY;
    rows.clear();
    fetching.clear();
    total.value = 0;
    loaded.value = false;
    error.value = null;
    priorityCounts.value = null;
    version.value++;
  }

  watch(
    signedInWithRole,
    (signedIn) => {
      if (!signedIn) return clear();
      ensureRows();
    },
    { immediate: true },
  );
  // A new P1 is on its way to the top of the board: re-read at once, not at the next change push.
  watch(
    () => alarm.alerts,
    () => refresher.request(),
  );

  keepFresh({
    client,
    timers,
    active: () => signedInWithRole.value,
    kinds: INCIDENT_KINDS,
    recheckMs: BOARD_RECHECK_MS,
    request: refresher.request,
  });
  onScopeDispose(() => refresher.dispose());

  return {
    filter,
    sort,
    total,
    loaded,
    error,
    priorityCounts,
    version,
    resets,
    setViewport,
    rowAt,
    indexOf,
    heldPages,
    setFilter,
    resetFilter,
    setSort,
    setActive,
    refresh: refresher.request,
  };
}

/**
 * A window may show two boards at once (the duty chief's dashboard keeps a
 * compact one while the board tab is open): each board id has its own
 * store — filter, viewport and rows — and they share the alarm.
 */
const boardStores = new Map<string, ReturnType<typeof defineStore<string, ReturnType<typeof boardStore>>>>();

export function useBoardStore(id = 'main') {
  let use = boardStores.get(id);
  if (!use) {
    use = defineStore(`board:${id}`, boardStore);
    boardStores.set(id, use);
  }
  return use();
}
