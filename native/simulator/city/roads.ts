import { between, type CityContext } from './context.ts';
import { localHour } from './day-curve.ts';
import { MAIN_ROADS, type MainRoad } from './geography.ts';
import { gauss } from './district-map.ts';

/**
 * Traffic on the main roads: how loaded each is by the hour (commute peaks
 * around 8 and 18, worst on the bridges and the tunnel into the island),
 * turned into a speed and a level, re-read every few minutes like a traffic
 * feed. A crash on a road blocks it until it is cleared.
 */

/** Load by local hour, 0 (empty) … 1 (gridlock) for a road of sensitivity 1. */
const TRAFFIC_BY_HOUR = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.6, 0.85, 0.7, 0.5, 0.45, 0.45, 0.4, 0.42, 0.45, 0.55, 0.8, 0.9, 0.7, 0.5, 0.35, 0.2, 0.1,
];
const UPDATE_MS: [number, number] = [2 * 60_000, 5 * 60_000];

export function trafficLoad(hour: number): number {
  const i = Math.floor(hour);
  const f = hour - i;
  return TRAFFIC_BY_HOUR[i % 24]! * (1 - f) + TRAFFIC_BY_HOUR[(i + 1) % 24]! * f;
}

export function levelFor(speedRatio: number): 'smooth' | 'slow' | 'congested' | 'blocked' {
  if (speedRatio >= 0.65) return 'smooth';
  if (speedRatio >= 0.4) return 'slow';
  if (speedRatio >= 0.12) return 'congested';
  return 'blocked';
}

export class Roads {
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly ctx: CityContext) {}

  start(): void {
    for (const road of MAIN_ROADS) {
      this.update(road);
      this.ctx.sched.after(between(this.ctx.random, ...UPDATE_MS), () => this.loop(road));
    }
  }

  block(roadId: string, untilMs: number): void {
    this.blockedUntil.set(roadId, Math.max(untilMs, this.blockedUntil.get(roadId) ?? 0));
  }

  /** Roads a crash blocks, and until when: a kept city keeps them blocked. */
  keepBlocked(): [string, number][] {
    return [...this.blockedUntil].filter(([, until]) => until > this.ctx.sched.now);
  }

  restoreBlocked(kept: readonly [string, number][]): void {
    for (const [road, until] of kept) this.block(road, until);
  }

  private loop(road: MainRoad): void {
    this.update(road);
    this.ctx.sched.after(between(this.ctx.random, ...UPDATE_MS), () => this.loop(road));
  }

  private update(road: MainRoad): void {
    const now = this.ctx.sched.now;
    const load = Math.min(1, Math.max(0, trafficLoad(localHour(now, this.ctx.tz)) * road.peakSensitivity + gauss(this.ctx.random) * 0.06));
    const blocked = (this.blockedUntil.get(road.id) ?? 0) > now;
    // A crash takes most of the road's capacity: a crawl past the scene.
    const ratio = blocked ? Math.min(0.1, 1 - load) : Math.max(0.15, 1 - load);
    const speed = Math.round(road.limitKmh * ratio);
    const level = levelFor(ratio);
    const current = this.ctx.world.get('road', road.id);
    if (current && current.level === level && Math.abs((current.speed_kmh as number) - speed) < 3) return;
    this.ctx.world.put('road', {
      id: road.id,
      name: road.name,
      district: road.district,
      level,
      speed_kmh: speed,
      updated_at: this.ctx.world.time(now),
      line: road.line,
    });
  }
}
