import { ENTITY_KINDS } from '../../protocol/entities.ts';
import type { Platform } from '../server.ts';
import { formatTime } from '../time.ts';
import type { EntityKind } from '../types.ts';

/** What the city needs of the platform (server.ts `Platform`); tests may pass a real one on port 0. */
export type CityPlatform = Pick<Platform, 'upsert' | 'bulkLoad' | 'log' | 'publishPositions' | 'attachments' | 'on' | 'off' | 'url'>;

type Data = Record<string, unknown>;

/**
 * Where the city writes its entities. While it pre-generates today's history
 * it writes to a buffer (no log entries: a day of changes would be thousands
 * of frames nobody needs); `goLive` hands the buffer to the platform in one
 * `bulkLoad` per kind, then every write is a real `platform.upsert` that
 * consoles receive as a change.
 *
 * `writing` is true while the city itself writes, so the platform's `change`
 * events it triggers are not mistaken for a console's commands.
 */
export class World {
  private buffer: Map<EntityKind, Map<string, Data>> | null = new Map(ENTITY_KINDS.map((k) => [k, new Map()]));
  writing = false;
  private lastSecond = -1;
  private lastText = '';

  constructor(
    readonly platform: CityPlatform,
    readonly tz: string,
  ) {}

  get live(): boolean {
    return this.buffer === null;
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
    this.writing = true;
    try {
      this.platform.upsert(kind, rest);
    } finally {
      this.writing = false;
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

  /** Hands the buffered state to the platform; from now on writes are changes. */
  goLive(): void {
    const buffer = this.buffer;
    if (!buffer) return;
    this.buffer = null;
    for (const kind of ENTITY_KINDS) {
      const items = [...buffer.get(kind)!.values()];
      if (items.length) this.platform.bulkLoad(kind, items);
    }
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
