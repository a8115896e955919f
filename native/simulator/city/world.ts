import { ENTITY_KINDS } from '../../protocol/entities.ts';
import type { Platform } from '../server.ts';
import { formatTime } from '../time.ts';
import type { EntityKind } from '../types.ts';

/** What the city needs of the platform (server.ts `Platform`); tests may pass a real one on port 0. */
export type CityPlatform = Pick<
  Platform,
  'upsert' | 'bulkLoad' | 'log' | 'publishPositions' | 'attachments' | 'on' | 'off' | 'url' | 'reserveIds' | 'consoleLag'
>;

type Data = Record<string, unknown>;

/** Shared by the city's worlds: true while the city itself writes to the platform. */
export interface WriteGuard {
  writing: boolean;
}

/** The board first, then today's counters, then the incidents' histories. */
const FLUSH_ORDER: readonly EntityKind[] = [
  'incident',
  'call',
  'incident_event',
  ...ENTITY_KINDS.filter((k) => !['incident', 'call', 'incident_event'].includes(k)),
];

/**
 * Where the city writes its entities. While it generates history it writes
 * to a buffer (no log entries: a day of changes would be thousands of frames
 * nobody needs, each intermediate step of each incident among them). Then
 * either `goLive` hands the buffer to the platform in one `bulkLoad` per kind
 * (before any console is there: a bulk load restarts the log), or `flush`
 * hands it over as ordinary changes, each entity once in its final state, a
 * slice at a time (consoles already linked receive them like any change).
 * From then on every write is a real `platform.upsert`.
 *
 * `writing` is true while the city itself writes (in any of its worlds), so
 * the platform's `change` events it triggers are not mistaken for a console's
 * commands. Ids in a buffer are reserved with the platform, so a console's
 * `incident.create` never takes one the city is about to hand over.
 */
export class World {
  private buffer: Map<EntityKind, Map<string, Data>> | null = new Map(ENTITY_KINDS.map((k) => [k, new Map()]));
  private releaseIds: (() => void) | null;
  private lastSecond = -1;
  private lastText = '';

  constructor(
    readonly platform: CityPlatform,
    readonly tz: string,
    private readonly guard: WriteGuard = { writing: false },
  ) {
    this.releaseIds = platform.reserveIds((kind, id) => this.buffer?.get(kind)?.has(id) ?? false);
  }

  get live(): boolean {
    return this.buffer === null;
  }

  /** True while the city writes to the platform (through this world or another sharing its guard). */
  get writing(): boolean {
    return this.guard.writing;
  }

  /** How many entities wait in the buffer. */
  get buffered(): number {
    let n = 0;
    for (const items of this.buffer?.values() ?? []) n += items.size;
    return n;
  }

  get(kind: EntityKind, id: string): Data | undefined {
    if (this.buffer) return this.buffer.get(kind)!.get(id) ?? (this.platform.log.get(kind, id)?.data as Data | undefined);
    return this.platform.log.get(kind, id)?.data;
  }

  exists(kind: EntityKind, id: string): boolean {
    return this.get(kind, id) !== undefined || this.platform.log.tombstone(kind, id) !== undefined;
  }

  /** Writes an entity; its rev is the previous one + 1. */
  put(kind: EntityKind, data: Data): void {
    const { rev: _drop, ...rest } = data;
    if (this.buffer) {
      const prev = this.get(kind, rest.id as string);
      this.buffer.get(kind)!.set(rest.id as string, { ...rest, rev: ((prev?.rev as number | undefined) ?? 0) + 1 });
      return;
    }
    this.guard.writing = true;
    try {
      this.platform.upsert(kind, rest);
    } finally {
      this.guard.writing = false;
    }
  }

  /** Changes some fields of an existing entity. */
  patch(kind: EntityKind, id: string, patch: Data): Data | undefined {
    const current = this.get(kind, id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.put(kind, next);
    return next;
  }

  /** Hands the buffered state to the platform in one bulk load per kind; from now on writes are changes. */
  goLive(): void {
    const buffer = this.buffer;
    if (!buffer) return;
    this.endBuffer();
    // Not checked entity by entity again here: city.test.ts holds the city to
    // checkEntity, and this check (compiling each kind's, then ~30,000 items
    // at rate 20) was a fifth to a quarter of the demo's start before it could
    // take a console (bench:start profiles). Live changes are still checked (log.upsert).
    for (const kind of ENTITY_KINDS) {
      const items = [...buffer.get(kind)!.values()];
      if (items.length) this.platform.bulkLoad(kind, items, { validate: false });
    }
  }

  /**
   * Hands buffered entities to the platform as ordinary upserts, as many as
   * `budget.room` allows (taking them from it), stopping early once `stop()`
   * says so; true once the buffer is empty, and from then on writes are changes.
   */
  flush(budget: { room: number }, stop: () => boolean = () => false): boolean {
    const buffer = this.buffer;
    if (!buffer) return true;
    let n = 0;
    for (const kind of FLUSH_ORDER) {
      const items = buffer.get(kind)!;
      for (const [id, data] of items) {
        if (budget.room <= 0 || (++n % 64 === 0 && stop())) return false;
        budget.room -= 1;
        items.delete(id);
        const { rev: _drop, ...rest } = data;
        this.guard.writing = true;
        try {
          this.platform.upsert(kind, rest);
        } finally {
          this.guard.writing = false;
        }
      }
    }
    this.endBuffer();
    return true;
  }

  private endBuffer(): void {
    this.buffer = null;
    this.releaseIds?.();
    this.releaseIds = null;
  }

  /** `ms` as the spec's Time; cached per second because positions ask a thousand times a second. */
  time(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastText = formatTime(second * 1000, this.tz);
    }
    return this.lastText;
  }
}
