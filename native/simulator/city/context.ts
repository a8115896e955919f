import type { Random } from '../types.ts';
import type { Places } from './place.ts';
import type { Scheduler } from './scheduler.ts';
import type { World } from './world.ts';

/** Running totals, for `stats()` and the CLI. */
export interface CityStats {
  calls: number;
  callsAnswered: number;
  callsAbandoned: number;
  incidents: number;
  bySource: Record<string, number>;
  byDistrict: Record<string, number>;
  events: number;
  merged: number;
  escalated: number;
  offersSeen: number;
  accepted: number;
  declined: number;
  expired: number;
  positions: number;
  attachments: number;
}

export function emptyStats(): CityStats {
  return {
    calls: 0,
    callsAnswered: 0,
    callsAbandoned: 0,
    incidents: 0,
    bySource: {},
    byDistrict: {},
    events: 0,
    merged: 0,
    escalated: 0,
    offersSeen: 0,
    accepted: 0,
    declined: 0,
    expired: 0,
    positions: 0,
    attachments: 0,
  };
}

/** What every part of the city shares: the agenda, the writer, the dice, the map. */
export interface CityContext {
  sched: Scheduler;
  world: World;
  random: Random;
  places: Places;
  tz: string;
  /** Load multiplier on calls and incidents (1 = an ordinary day). */
  rate: number;
  /** `${filesBase}/files/ID` serves attachments (the platform's HTTP server). */
  filesBase: string;
  stats: CityStats;
  ids: Ids;
}

export interface KeptIds {
  incident: number;
  event: number;
  call: number;
  attachment: number;
}

/**
 * Ids as the platform writes them. Incident and event ids share the platform's
 * own formats (a console's `incident.create` gets its id from the same
 * sequence), so each generator skips ids that already exist.
 */
export class Ids {
  private incident = 0;
  private event = 0;
  private call = 0;
  private attachment = 0;

  constructor(private readonly world: World) {}

  /** Where each sequence stands, for a kept city (simulator/kept/): calls' ids do not skip taken ones. */
  keep(): KeptIds {
    return { incident: this.incident, event: this.event, call: this.call, attachment: this.attachment };
  }

  restore(kept: KeptIds): void {
    this.incident = kept.incident;
    this.event = kept.event;
    this.call = kept.call;
    this.attachment = kept.attachment;
  }

  nextIncident(timeText: string): string {
    let id: string;
    do id = `inc-${timeText.slice(0, 4)}-${String(++this.incident).padStart(6, '0')}`;
    while (this.world.exists('incident', id));
    return id;
  }

  nextEvent(): string {
    let id: string;
    do id = `ev-${String(++this.event).padStart(8, '0')}`;
    while (this.world.exists('incident_event', id));
    return id;
  }

  nextCall(timeText: string): string {
    return `call-${timeText.slice(0, 10).replaceAll('-', '')}-${String(++this.call).padStart(6, '0')}`;
  }

  nextAttachment(): string {
    return `att-city-${String(++this.attachment).padStart(6, '0')}`;
  }
}

/** Exponential draw with `mean`. */
export function expo(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** Uniform in [a, b). */
export function between(random: Random, a: number, b: number): number {
  return a + (b - a) * random();
}
