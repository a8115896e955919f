import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { EntityKindName, IncidentFilter, IncidentRow, Params } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { coalescedRefresh, keepFresh } from './coalesced-refresh.ts';
import { OPEN_STATUSES } from '../../../native/api/rules.ts';
import { BOARD_RECHECK_MS } from './incidents.ts';

const INCIDENT_KINDS: ReadonlySet<EntityKindName> = new Set(['incident']);

export type BoardStatus = NonNullable<IncidentFilter['status']>[number];
export type BoardPriority = NonNullable<IncidentFilter['priority']>[number];
export type BoardLevel = NonNullable<IncidentFilter['level']>[number];
export type BoardSort = NonNullable<Params<'incidents.page'>['sort']>;

/** What the operator chose in the filter bar; empty lists mean "any". */
export interface BoardFilterState {
  status: BoardStatus[];
  priority: BoardPriority[];
  source: string[];
  district: string[];
  level: BoardLevel[];
  /** A category code or prefix (`traffic` matches `traffic.collision`). */
  category: string;
  search: string;
  overdue: boolean;
}

/** Rows per `incidents.page` call (the contract allows ≤ 500). */
export const BOARD_PAGE_SIZE = 200;
/** Pages kept in memory at most; the farthest from the viewport go first. */
export const BOARD_MAX_PAGES = 5;
/** How long a new priority-1 incident flashes. */
export const BOARD_FLASH_MS = 3_000;
/**
 * Live refreshes of the visible pages start at least this far apart, however
 * busy the city: with the host pushing ~10 times a second, a change reaches
 * its row within about a quarter of a second (the goal in bench:ui).
 */
export const BOARD_REFRESH_MIN_MS = 120;
const P1_WATCH_LIMIT = 20;
const MUTE_STORAGE_KEY = 'egret.board.muted';

export const PRIORITIES: readonly BoardPriority[] = [1, 2, 3, 4];

export function defaultBoardFilter(): BoardFilterState {
  return { status: [...OPEN_STATUSES], priority: [], source: [], district: [], level: [], category: '', search: '', overdue: false };
}

/** The contract's filter for what the operator chose: empty choices are left out. */
export function toIncidentFilter(state: BoardFilterState): IncidentFilter {
  const filter: IncidentFilter = {};
  if (state.status.length > 0) filter.status = [...state.status];
  if (state.priority.length > 0) filter.priority = [...state.priority].sort();
  if (state.source.length > 0) filter.source = [...state.source];
  if (state.district.length > 0) filter.district = [...state.district];
  if (state.level.length > 0) filter.level = [...state.level];
  const category = state.category.trim();
  if (category) filter.category = category.slice(0, 60);
  const search = state.search.trim();
  if (search) filter.search = search.slice(0, 100);
  if (state.overdue) filter.overdue = true;
  return filter;
}

function readMuted(): boolean {
  try {
    return globalThis.localStorage?.getItem(MUTE_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The incident board: a window onto `incidents.page` for a virtual list of
 * any length. Only the pages around the viewport are held (frozen arrays in a
 * plain Map, never deeply reactive); `version` tells the view to re-read.
 */
export const useBoardStore = defineStore('board', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());

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
  const flashing = shallowRef<ReadonlySet<string>>(new Set());
  /** Bumped when a new priority-1 incident arrives (the view beeps unless muted). */
  const alerts = ref(0);
  const muted = ref(readMuted());

  const pages = new Map<number, readonly IncidentRow[]>();
  const inFlight = new Set<number>();
  let viewport = { start: 0, end: 40 };
  // Bumped on filter change and sign-out: answers to older queries are dropped.
  let generation = 0;

  const params = computed(() => toIncidentFilter(filter.value));

  function neededPages(): { first: number; last: number } {
    const first = Math.floor(viewport.start / BOARD_PAGE_SIZE);
    const last = Math.floor(Math.max(viewport.start, viewport.end) / BOARD_PAGE_SIZE);
    return { first, last };
  }

  function evict(): void {
    const { first, last } = neededPages();
    const keep = (p: number) => p >= first - 1 && p <= last + 1;
    for (const p of [...pages.keys()]) if (!keep(p)) pages.delete(p);
    if (pages.size <= BOARD_MAX_PAGES) return;
    const mid = (first + last) / 2;
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
    for (const p of byDistance) {
      if (pages.size <= BOARD_MAX_PAGES) break;
      if (p < first || p > last) pages.delete(p);
    }
  }

  function pageParams(page: number): Params<'incidents.page'> {
    return { filter: params.value, sort: sort.value, offset: page * BOARD_PAGE_SIZE, limit: BOARD_PAGE_SIZE };
  }

  async function fetchPage(page: number): Promise<void> {
    const asked = generation;
    inFlight.add(page);
    try {
      const result = await client.call('incidents.page', pageParams(page));
      if (asked !== generation) return;
      pages.set(page, Object.freeze(result.rows));
      total.value = result.total;
      loaded.value = true;
      error.value = null;
      evict();
      version.value++;
      // The first answer brings the total: the viewport may need more pages.
      queueMicrotask(ensurePages);
    } catch (e) {
      if (asked === generation) error.value = asApiCallError(e);
    } finally {
      if (asked === generation) inFlight.delete(page);
    }
  }

  /** Fetches the pages the viewport needs that are neither held nor on their way. */
  function ensurePages(): void {
    if (!signedInWithRole.value) return;
    const { first, last } = neededPages();
    const lastPage = loaded.value ? Math.max(0, Math.ceil(total.value / BOARD_PAGE_SIZE) - 1) : first;
    for (let p = first; p <= Math.min(last, lastPage); p++) {
      if (!pages.has(p) && !inFlight.has(p)) void fetchPage(p);
    }
  }

  /** The view tells which rows it shows (indexes, end inclusive). */
  function setViewport(start: number, end: number): void {
    viewport = { start: Math.max(0, start), end: Math.max(0, end) };
    evict();
    ensurePages();
  }

  /** The row at `index`, or null while its page is on its way. Reactive through `version`. */
  function rowAt(index: number): IncidentRow | null {
    void version.value;
    return pages.get(Math.floor(index / BOARD_PAGE_SIZE))?.[index % BOARD_PAGE_SIZE] ?? null;
  }

  /** Where a held row is, or -1. */
  function indexOf(id: string): number {
    for (const [page, rows] of pages) {
      const at = rows.findIndex((row) => row.id === id);
      if (at >= 0) return page * BOARD_PAGE_SIZE + at;
    }
    return -1;
  }

  function heldPages(): number[] {
    return [...pages.keys()].sort((a, b) => a - b);
  }

  // ── Counts per priority ─────────────────────────────────────────────────
  async function loadCounts(): Promise<void> {
    const asked = generation;
    const { priority: _omit, ...rest } = params.value;
    const counts = await Promise.all(
      PRIORITIES.map((p) =>
        client.call('incidents.page', { filter: { ...rest, priority: [p] }, sort: sort.value, offset: 0, limit: 1 }).then((r) => r.total),
      ),
    );
    if (asked === generation) priorityCounts.value = [counts[0]!, counts[1]!, counts[2]!, counts[3]!];
  }

  // ── New priority-1 alarm (independent of the filter) ──────────────────────
  const seenP1 = new Set<string>();
  let p1Baseline = false;
  let flashTimer: unknown = null;

  async function watchP1(): Promise<void> {
    const asked = generation;
    const page = await client.call('incidents.page', {
      filter: { priority: [1], status: ['new'] },
      sort: 'reported',
      offset: 0,
      limit: P1_WATCH_LIMIT,
    });
    if (asked !== generation) return;
    const fresh = page.rows.filter((row) => !seenP1.has(row.id));
    for (const row of fresh) seenP1.add(row.id);
    if (seenP1.size > 2_000) {
      // Forget the oldest half; Sets iterate in insertion order.
      let drop = seenP1.size - 1_000;
      for (const id of seenP1) {
        if (drop-- <= 0) break;
        seenP1.delete(id);
      }
    }
    if (!p1Baseline) {
      p1Baseline = true;
      return;
    }
    if (fresh.length === 0) return;
    flashing.value = new Set([...flashing.value, ...fresh.map((row) => row.id)]);
    alerts.value++;
    if (flashTimer !== null) timers.clearTimeout(flashTimer);
    flashTimer = timers.setTimeout(() => {
      flashTimer = null;
      flashing.value = new Set();
    }, BOARD_FLASH_MS);
  }

  // ── Live refresh: the visible pages, the counts and the alarm ─────────────
  async function refreshVisible(): Promise<void> {
    if (!signedInWithRole.value) return;
    const { first, last } = neededPages();
    // Pages out of sight are stale now: drop them rather than show old rows later.
    for (const p of [...pages.keys()]) if (p < first || p > last) pages.delete(p);
    const wanted: number[] = [];
    const lastPage = loaded.value ? Math.max(0, Math.ceil(total.value / BOARD_PAGE_SIZE) - 1) : first;
    for (let p = first; p <= Math.max(first, Math.min(last, lastPage)); p++) wanted.push(p);
    await Promise.all([
      ...wanted.map((p) => fetchPage(p)),
      loadCounts().catch(() => {}),
      watchP1().catch(() => {}),
    ]);
    // The total may have grown or shrunk: the viewport may now need other pages.
    ensurePages();
  }

  const refresher = coalescedRefresh(refreshVisible, timers, BOARD_REFRESH_MIN_MS);

  function restart(): void {
    generation++;
    pages.clear();
    inFlight.clear();
    viewport = { start: 0, end: Math.max(0, viewport.end - viewport.start) };
    loaded.value = false;
    version.value++;
    resets.value++;
    if (!signedInWithRole.value) return;
    ensurePages();
    void loadCounts().catch(() => {});
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

  function setMuted(next: boolean): void {
    muted.value = next;
    try {
      globalThis.localStorage?.setItem(MUTE_STORAGE_KEY, next ? '1' : '0');
    } catch {
      // A locked-down profile: the choice lasts for this window only.
    }
  }

  function clear(): void {
    generation++;
    pages.clear();
    inFlight.clear();
    total.value = 0;
    loaded.value = false;
    error.value = null;
    priorityCounts.value = null;
    seenP1.clear();
    p1Baseline = false;
    flashing.value = new Set();
    version.value++;
  }

  watch(
    signedInWithRole,
    (signedIn) => {
      if (!signedIn) return clear();
      ensurePages();
      void loadCounts().catch(() => {});
      void watchP1().catch(() => {});
    },
    { immediate: true },
  );

  keepFresh({ client, timers, active: () => signedInWithRole.value, kinds: INCIDENT_KINDS, recheckMs: BOARD_RECHECK_MS, request: refresher.request });
  onScopeDispose(() => {
    refresher.dispose();
    if (flashTimer !== null) timers.clearTimeout(flashTimer);
  });

  return {
    filter,
    sort,
    total,
    loaded,
    error,
    priorityCounts,
    version,
    resets,
    flashing,
    alerts,
    muted,
    setViewport,
    rowAt,
    indexOf,
    heldPages,
    setFilter,
    resetFilter,
    setSort,
    setMuted,
    refresh: refresher.request,
  };
});
