import type { Clock } from '../../native/simulator/types.ts';

/** 2026-11-28T09:00:00+08:00 */
export const T0 = Date.parse('2026-11-28T01:00:00Z');

/** A clock that stands still unless moved (tests). */
export function fixedClock(start = T0): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** A valid incident (§8) with `id`; fields may be overridden. */
export function incident(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    source: '110',
    category: 'traffic.collision',
    priority: 2,
    status: 'new',
    level: 'community',
    title: `事故 ${id}`,
    departments: [],
    volunteers: [],
    reported_at: '2026-11-28T08:00:00+08:00',
    updated_at: '2026-11-28T08:00:00+08:00',
    attachments: [],
    ...extra,
  };
}

/** A valid camera (§8) with `id`. */
export function camera(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `摄像头 ${id}`,
    district: '350203',
    lat: 24.4798,
    lng: 118.0894,
    kind: 'fixed',
    status: 'online',
    streams: { main: `https://video.example/${id}/main.m3u8` },
    tags: [],
    ...extra,
  };
}
