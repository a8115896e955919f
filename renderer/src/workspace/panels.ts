import type { Component } from 'vue';
import type { Panel, Role, TodayStats } from '../../../native/api/index.ts';

/**
 * The panels a workspace window shows on its own (issue 13): for each of the
 * contract's PANELS, the component, loaded when a window first shows it, and
 * the roles whose windows may show it — what each role's own view shows
 * (TakerView, ChiefView, VideoView). The host enforces every method a panel
 * calls anyway; this keeps a window from offering a panel that would only
 * show refusals.
 */

/**
 * What a window gives the panels it shows. The incident they show is the
 * operator's shared selection, which the board, map, detail and wall read
 * themselves (stores/selection.ts; a pinned window's store holds still).
 */
export interface PanelContext {
  role: Role;
  /** The platform's time zone, for times. */
  timeZone: string | undefined;
  /** Selects an incident for every window of the operator (one just filed on the intake). */
  select(id: string): void;
  /** Today's figures, for the hourly chart. */
  stats: TodayStats | null;
  statsError: string | null;
}

export interface PanelEntry {
  load: () => Promise<Component | { default: Component }>;
  roles: readonly Role[];
  /** Its props (and event listeners, as `onX`) in a window of its own. */
  props(ctx: PanelContext): Record<string, unknown>;
}

const ALL: readonly Role[] = ['call_taker', 'duty_chief', 'video_patroller'];

/** Keyed by the contract's panels, so a new panel fails the build until it has a component. */
export const PANEL_ENTRIES: { readonly [P in Panel]: PanelEntry } = {
  board: {
    load: () => import('../components/board/IncidentBoard.vue'),
    roles: ALL,
    // The patroller's board is the compact one of the video view's side column.
    props: (ctx) => ({ timeZone: ctx.timeZone, compact: ctx.role === 'video_patroller' }),
  },
  detail: {
    load: () => import('../components/detail/IncidentDetail.vue'),
    roles: ['call_taker', 'duty_chief'],
    props: (ctx) => ({ timeZone: ctx.timeZone }),
  },
  intake: {
    load: () => import('../components/intake/IntakePanel.vue'),
    roles: ['call_taker'],
    props: (ctx) => ({ timeZone: ctx.timeZone, onSubmitted: ctx.select }),
  },
  map: {
    load: () => import('../components/map/MapPanel.vue'),
    roles: ALL,
    props: (ctx) => ({ role: ctx.role, timeZone: ctx.timeZone }),
  },
  wall: {
    load: () => import('../components/wall/CameraWall.vue'),
    roles: ['video_patroller'],
    props: () => ({}),
  },
  dashboard: {
    load: () => import('../components/dashboard/DutyDashboard.vue'),
    roles: ['duty_chief'],
    props: () => ({}),
  },
  hourly_chart: {
    load: () => import('../components/dashboard/HourlyCallsChart.vue'),
    roles: ['duty_chief'],
    props: (ctx) => ({ stats: ctx.stats, error: ctx.statsError }),
  },
  volunteers: {
    load: () => import('../components/volunteers/VolunteerPanel.vue'),
    roles: ['call_taker', 'duty_chief'],
    props: () => ({}),
  },
  traffic_video: {
    load: () => import('../components/dashboard/TrafficStrip.vue'),
    roles: ['duty_chief'],
    props: () => ({}),
  },
};

/** Whether a window of `role` shows `panel` (a null role: no operator, nothing). */
export function mayShow(panel: Panel, role: Role | null): boolean {
  return role !== null && PANEL_ENTRIES[panel].roles.includes(role);
}
