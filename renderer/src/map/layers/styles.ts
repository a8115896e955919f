import type { LineStyle } from '../engine/line-layer.ts';
import type { PointStyle } from '../engine/point-layer.ts';
import type { CameraStatus, MapIncident, RoadLevel } from './map-data.ts';
import { VOLUNTEER_STATES, type VolunteerState } from './position-book.ts';

/**
 * How each layer's points look, as style tables the canvas layers index by
 * a small number per point (PointData.style), and the functions that pick
 * that number from an entity. The legend draws its swatches from the same
 * tables, so what it shows is what the map draws.
 */

/** Priority colours, P1 first: the board's badge colours, readable on the light base. */
export const PRIORITY_COLOURS = ['#d7263d', '#f46036', '#d9a400', '#2e86ab'] as const;

/** How an incident stands, for its shape: waiting for a unit, being handled, or closed in the window. */
export const INCIDENT_PHASES = ['waiting', 'handling', 'waitingOverdue', 'handlingOverdue', 'closed'] as const;
export type IncidentPhase = (typeof INCIDENT_PHASES)[number];

const WAITING: readonly string[] = ['new', 'verified'];
const OVERDUE_RING = '#6a1b9a';

/** Hex colour with an alpha byte: a closed incident is drawn at a third of its colour. */
const dimmed = (hex: string) => `${hex}55`;

export function incidentPhase(incident: Pick<MapIncident, 'status' | 'open' | 'overdue'>): IncidentPhase {
  if (!incident.open) return 'closed';
  const waiting = WAITING.includes(incident.status);
  if (incident.overdue) return waiting ? 'waitingOverdue' : 'handlingOverdue';
  return waiting ? 'waiting' : 'handling';
}

/** The style index of an incident: (priority − 1) × phases + phase. */
export function incidentStyle(incident: Pick<MapIncident, 'priority' | 'status' | 'open' | 'overdue'>): number {
  const priority = Math.min(4, Math.max(1, Math.round(incident.priority)));
  return (priority - 1) * INCIDENT_PHASES.length + INCIDENT_PHASES.indexOf(incidentPhase(incident));
}

/** The priority (1–4) a style index stands for: the legend counts by it. */
export function priorityOfStyle(style: number): number {
  return Math.floor(style / INCIDENT_PHASES.length) + 1;
}

export function phaseOfStyle(style: number): IncidentPhase {
  return INCIDENT_PHASES[style % INCIDENT_PHASES.length]!;
}

/**
 * Waiting incidents are circles, those being handled diamonds, closed ones
 * small dimmed squares; an overdue one carries a purple ring; an open P1
 * pulses (the one thing on the map that must catch the eye).
 */
export const INCIDENT_STYLES: PointStyle[] = PRIORITY_COLOURS.flatMap((fill, p) =>
  INCIDENT_PHASES.map((phase): PointStyle => {
    const radius = 8 - p;
    if (phase === 'closed') return { radius: radius - 2, fill: dimmed(fill), stroke: '#ffffff88', shape: 'square' };
    const overdue = phase === 'waitingOverdue' || phase === 'handlingOverdue';
    const handling = phase === 'handling' || phase === 'handlingOverdue';
    return {
      radius,
      fill,
      stroke: '#ffffff',
      shape: handling ? 'diamond' : 'circle',
      ...(p === 0 ? { pulse: true } : {}),
      ...(overdue ? { ring: OVERDUE_RING } : {}),
    };
  }),
);

export const CAMERA_STATUSES: readonly CameraStatus[] = ['online', 'offline', 'flapping'];
export const CAMERA_STYLES: PointStyle[] = [
  { radius: 4, fill: '#1b7f5c', stroke: '#ffffff', shape: 'square' },
  { radius: 4, fill: '#8a8f98', stroke: '#ffffff', shape: 'square' },
  { radius: 5, fill: '#e07b00', stroke: '#ffffff', shape: 'square', ring: '#e07b00' },
];

export function cameraStyle(status: CameraStatus): number {
  const index = CAMERA_STATUSES.indexOf(status);
  return index < 0 ? CAMERA_STATUSES.indexOf('offline') : index;
}

/** Indexed by the wire's state number (VOLUNTEER_STATES): the style is the state. */
export const VOLUNTEER_STYLES: PointStyle[] = VOLUNTEER_STATES.map((state: VolunteerState): PointStyle => {
  switch (state) {
    case 'available':
      return { radius: 4, fill: '#2a9d8f', stroke: '#ffffff', shape: 'triangle' };
    case 'busy':
      return { radius: 4, fill: '#264653', stroke: '#ffffff', shape: 'triangle' };
    case 'offline':
      return { radius: 3, fill: '#b0b4ba', shape: 'triangle' };
    case 'offered':
      return { radius: 5, fill: '#e9c46a', stroke: '#7a5c00', shape: 'triangle', ring: '#e9c46a' };
  }
});

export const ROAD_LEVELS: readonly RoadLevel[] = ['smooth', 'slow', 'congested', 'blocked'];
/** The usual traffic colours (green, amber, red, dark red), as every city traffic map draws them. */
export const ROAD_STYLES: LineStyle[] = [
  { color: '#34a853', width: 3 },
  { color: '#f4b400', width: 3 },
  { color: '#db4437', width: 4 },
  { color: '#7b1010', width: 4, dash: [6, 4] },
];

export function roadStyle(level: RoadLevel): number {
  const index = ROAD_LEVELS.indexOf(level);
  return index < 0 ? 0 : index;
}

export const STATION_STYLES: PointStyle[] = [{ radius: 5, fill: '#3d5a80', stroke: '#ffffff', shape: 'square' }];

/** A selected volunteer's last minutes. */
export const TRACK_STYLES: LineStyle[] = [{ color: '#7b2cbf', width: 3 }];

/** The selected incident: a wide dark ring with a yellow halo around its point. */
export const SELECTION_STYLES: PointStyle[] = [{ radius: 13, fill: 'rgba(0, 0, 0, 0)', stroke: '#111111', ring: '#ffd400' }];

/**
 * Early-warning outlines (issue 14): a cluster's hull solid and its scanned
 * circle dashed, amber; the warning selected in the panel red and wider.
 * Indexed by warning-outlines.ts's STYLE.
 */
export const WARNING_OUTLINE_STYLES: LineStyle[] = [
  { color: '#f2b84b', width: 3 },
  { color: '#f2b84b', width: 2, dash: [6, 6] },
  { color: '#e5484d', width: 5 },
  { color: '#e5484d', width: 3, dash: [6, 6] },
];
