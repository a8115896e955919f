import { defineStore, getActivePinia, storeToRefs } from 'pinia';
import { computed, markRaw, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { EntityKindName, IncidentFilter } from '../../../native/api/index.ts';
import { OPEN_STATUSES } from '../../../native/api/rules.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { liveQuery } from './live-query.ts';
import { defaultBoardFilter, toIncidentFilter, type BoardFilterState } from './board-filter.ts';
import { MAP_LAYERS, type MapCamera, type MapIncident, type MapLayerName, type MapRoad, type MapStation } from '../map/layers/map-data.ts';
import { VOLUNTEER_STATES } from '../map/layers/position-book.ts';
import { PositionFeed, browserFrames, type FrameScheduler, type PositionsApplied } from '../map/layers/position-feed.ts';
import { CAMERA_STATUSES, ROAD_LEVELS } from '../map/layers/styles.ts';

const kinds = (...names: EntityKindName[]): ReadonlySet<EntityKindName> => new Set(names);

/** Re-read at most this often while the city changes (the host pushes change notices up to ten times a second). */
const INCIDENTS_MIN_INTERVAL_MS = 1_000;
const STANDING_MIN_INTERVAL_MS = 5_000;
/** `overdue` is decided when the host reads: re-read this often even with no change. */
const INCIDENTS_RECHECK_MS = 60_000;

/**
 * The board's filter, as the incident layer asks for it. The board shows
 * open incidents by default; the map shows those and the ones ended in the
 * last 24 hours, so the default status choice (every open status) is left
 * out — the host then returns both. Any other status choice is the
 * operator's and applies as on the board.
 */
export function mapIncidentFilter(state: BoardFilterState): IncidentFilter {
  const filter = toIncidentFilter(state);
  const statuses = filter.status ?? [];
  const isDefault = statuses.length === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => statuses.includes(s));
  if (isDefault) delete filter.status;
  return filter;
}

/** Which layers an operator keeps on, remembered per operator on this workstation. */
export function layersKey(operatorId: string | null): string {
  return `egret.map.layers.${operatorId ?? 'anonymous'}`;
}

export type LayerToggles = Record<MapLayerName, boolean>;

export function readLayerToggles(storage: Pick<Storage, 'getItem'> | null, key: string): LayerToggles {
  const toggles = Object.fromEntries(MAP_LAYERS.map((name) => [name, true])) as LayerToggles;
  try {
    const saved: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
    if (saved && typeof saved === 'object') {
      for (const name of MAP_LAYERS) {
        const on = (saved as Record<string, unknown>)[name];
        if (typeof on === 'boolean') toggles[name] = on;
      }
    }
  } catch {
    // A damaged entry is forgotten: every layer on.
  }
  return toggles;
}

const countBy = <T, K extends string>(items: readonly T[], keys: readonly K[], keyOf: (item: T) => K): number[] => {
  const counts = keys.map(() => 0);
  for (const item of items) {
    const index = keys.indexOf(keyOf(item));
    if (index >= 0) counts[index]!++;
  }
  return counts;
};

/**
 * What the city map shows: the incident layer (the board's filter), cameras,
 * roads, stations and live volunteer positions, kept fresh while a map is on
 * screen (`retain` by each mounted panel), with the layer toggles and the
 * legend's counts. Lists are frozen answers in shallow refs; the positions
 * live in typed arrays outside Vue's reactivity (PositionFeed), and the
 * volunteer layer hears of each frame's changes through `onPositions`.
 */
export const useMapStore = defineStore('map', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole, operator } = storeToRefs(useSessionStore());
  const pinia = getActivePinia();

  /** Map panels on screen; nothing is asked while there is none. */
  const users = ref(0);
  const enabled = () => signedInWithRole.value && users.value > 0;

  /**
   * The main board's filter when a board exists in this window, read from
   * Pinia's state rather than through useBoardStore, which would start a
   * board (and its queries) in a view that has none.
   */
  const boardFilter = computed<BoardFilterState>(() => {
    const board = pinia?.state.value['board:main'] as { filter?: BoardFilterState } | undefined;
    return board?.filter ?? defaultBoardFilter();
  });
  const incidentFilter = computed(() => mapIncidentFilter(boardFilter.value));
  const filterKey = computed(() => JSON.stringify(incidentFilter.value));

  const incidents = liveQuery({
    client,
    timers,
    enabled,
    key: () => filterKey.value,
    fetch: async () =>
      Object.freeze((await client.call('map.incidents', { filter: incidentFilter.value })).items) as readonly MapIncident[],
    stale: kinds('incident'),
    recheckMs: INCIDENTS_RECHECK_MS,
    minIntervalMs: INCIDENTS_MIN_INTERVAL_MS,
  });
  const cameras = liveQuery({
    client,
    timers,
    enabled,
    fetch: async () => Object.freeze((await client.call('map.cameras', {})).items) as readonly MapCamera[],
    stale: kinds('camera'),
    minIntervalMs: STANDING_MIN_INTERVAL_MS,
  });
  const roads = liveQuery({
    client,
    timers,
    enabled,
    fetch: async () => Object.freeze((await client.call('map.roads', {})).items) as readonly MapRoad[],
    stale: kinds('road'),
    minIntervalMs: STANDING_MIN_INTERVAL_MS,
  });
  const stations = liveQuery({
    client,
    timers,
    enabled,
    fetch: async () => Object.freeze((await client.call('map.stations', {})).items) as readonly MapStation[],
    stale: kinds('department'),
    minIntervalMs: STANDING_MIN_INTERVAL_MS,
  });

  // ── live positions ──
  let frames: FrameScheduler = browserFrames;
  const positionListeners = new Set<(change: PositionsApplied) => void>();
  const volunteerCounts = shallowRef<readonly number[]>(VOLUNTEER_STATES.map(() => 0));
  const positionsError = shallowRef<string | null>(null);
  const feed = markRaw(
    new PositionFeed({
      fetchWhole: () => client.call('map.positions', {}),
      frames: { request: (cb) => frames.request(cb), cancel: (handle) => frames.cancel(handle) },
      applied: (change) => {
        positionsError.value = null;
        const counts = feed.book.countByState();
        if (counts.some((n, i) => n !== volunteerCounts.value[i])) volunteerCounts.value = counts;
        for (const listener of positionListeners) listener(change);
      },
      failed: (error) => {
        positionsError.value = asApiCallError(error).message;
      },
    }),
  );
  let offPositions: (() => void) | null = null;
  watch(
    enabled,
    (on) => {
      if (on && !offPositions) {
        offPositions = client.subscribe('positions.packed', (packed) => feed.push(packed));
        feed.refetch();
      } else if (!on && offPositions) {
        offPositions();
        offPositions = null;
      }
    },
    { immediate: true },
  );
  // Pushes sent while this window was away are lost: the whole book again.
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected' && enabled()) feed.refetch();
  });
  onScopeDispose(() => {
    offStatus();
    offPositions?.();
    feed.dispose();
  });

  /** Hears each frame's position changes (the volunteer layer); returns the disposer. */
  function onPositions(listener: (change: PositionsApplied) => void): () => void {
    positionListeners.add(listener);
    return () => positionListeners.delete(listener);
  }

  // ── layer toggles, per operator ──
  const storage = typeof localStorage === 'undefined' ? null : localStorage;
  const toggles = ref<LayerToggles>(readLayerToggles(storage, layersKey(operator.value?.id ?? null)));
  watch(
    () => operator.value?.id ?? null,
    (id) => (toggles.value = readLayerToggles(storage, layersKey(id))),
  );
  function setLayer(name: MapLayerName, on: boolean): void {
    toggles.value = { ...toggles.value, [name]: on };
    try {
      storage?.setItem(layersKey(operator.value?.id ?? null), JSON.stringify(toggles.value));
    } catch {
      // Storage full or denied: the choice holds for this session.
    }
  }

  // ── the legend's counts ──
  const counts = computed(() => {
    const shown = incidents.data.value ?? [];
    const open = shown.filter((i) => i.open);
    return {
      /** Open incidents by priority (P1 first), then the ended ones and the overdue ones. */
      incidents: {
        byPriority: [1, 2, 3, 4].map((p) => open.filter((i) => i.priority === p).length),
        ended: shown.length - open.length,
        overdue: open.filter((i) => i.overdue).length,
      },
      cameras: countBy(cameras.data.value ?? [], CAMERA_STATUSES, (c) => c.status),
      volunteers: volunteerCounts.value,
      roads: countBy(roads.data.value ?? [], ROAD_LEVELS, (r) => r.level),
      stations: (stations.data.value ?? []).length,
    };
  });

  return {
    incidents: incidents.data,
    cameras: cameras.data,
    roads: roads.data,
    stations: stations.data,
    incidentsError: incidents.error,
    positionsError,
    positions: markRaw(feed.book),
    onPositions,
    toggles,
    setLayer,
    counts,
    incidentFilter,
    /** A panel on screen: the map's data is asked for and kept fresh until every panel let go. Returns the release. */
    retain(): () => void {
      users.value++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        users.value--;
      };
    },
    /** For tests: frames from a manual scheduler. */
    useFrames(scheduler: FrameScheduler): void {
      frames = scheduler;
    },
  };
});
