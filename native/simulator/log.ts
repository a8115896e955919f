import { ENTITY_KINDS, checkEntity, isEntityKind } from '../protocol/entities.ts';
import type { Change, EntityKind, EntityRecord, LogEntry, NewChange } from './types.ts';

/** One item of a snapshot (§3). */
export interface SnapshotItem {
  kind: EntityKind;
  data: Record<string, unknown>;
}

/** A log as kept between runs of the demo (ChangeLog.keep / restore). */
export interface KeptLog {
  head: number;
  entities: { kind: EntityKind; items: Record<string, unknown>[] }[];
  tombstones: { kind: EntityKind; id: string; rev: number }[];
  /** The last entries, oldest first, ending at `head`. */
  log: { effect: LogEntry['effect']; change: Change }[];
}

/** A kept log without its entities, which are restored after it (ChangeLog.restore, restoreEntities). */
export type KeptLogHead = Omit<KeptLog, 'entities'>;

/** No single change may be so large that its frame would pass 4 MiB (§1). */
const MAX_ITEM_BYTES = 4 * 1024 * 1024 - 1024;

type Listener = (entry: LogEntry) => void;

/**
 * The platform's state and its log of changes.
 *
 * - `seq` is one counter for the whole log; every log entry takes the next one.
 * - The state is exactly what a correct console gets by folding the log with
 *   the rules of §4: an upsert whose rev is lower than the current one, or not
 *   higher than the entity's delete, is stale and changes nothing; entries whose
 *   data break §8 (injected faults) change nothing. So `exportState(kind)` is
 *   what `egret export KIND` must print once the console has caught up.
 * - Only the last `keepLog` entries are kept; a cursor older than that
 *   resumes with a snapshot.
 */
export class ChangeLog {
  private readonly state = new Map<EntityKind, Map<string, EntityRecord>>();
  /** kind → id → the rev its delete gave it (so a re-create continues the revs) and its last data. */
  private readonly tombstones = new Map<EntityKind, Map<string, { rev: number; data?: Record<string, unknown> }>>();
  private entries: LogEntry[] = [];
  /** Index in `entries` of the oldest kept entry. */
  private start = 0;
  /** seq of the first entry the log holds or will hold (entries[start]). */
  private firstSeq = 1;
  private seqCounter = 0;
  private readonly listeners = new Set<Listener>();

  constructor(private keepLog: number = 100_000) {
    for (const kind of ENTITY_KINDS) {
      this.state.set(kind, new Map());
      this.tombstones.set(kind, new Map());
    }
  }

  /** The seq of the newest change (0 when there has never been one). */
  get head(): number {
    return this.seqCounter;
  }

  /** The oldest seq still in the log; head+1 when the log holds nothing. */
  get oldestSeq(): number {
    return this.entries.length > this.start ? this.firstSeq : this.seqCounter + 1;
  }

  /** How many entries the log holds now. */
  get size(): number {
    return this.entries.length - this.start;
  }

  /** Whether a console at `cursor` can be served by replay (§2: else snapshot). */
  canReplay(cursor: number | null): boolean {
    return cursor !== null && cursor >= this.oldestSeq - 1 && cursor <= this.head;
  }

  /** The entry with `seq`, if the log still holds it. */
  entry(seq: number): LogEntry | undefined {
    if (seq < this.firstSeq || seq > this.seqCounter) return undefined;
    return this.entries[this.start + (seq - this.firstSeq)];
  }

  onAppend(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(kind: EntityKind, id: string): EntityRecord | undefined {
    return this.state.get(kind)!.get(id);
  }

  /** The rev a deleted entity's delete gave it, if it is deleted. */
  tombstone(kind: EntityKind, id: string): number | undefined {
    return this.tombstones.get(kind)!.get(id)?.rev;
  }

  /** The data a deleted entity had just before its delete, if known. */
  deletedData(kind: EntityKind, id: string): Record<string, unknown> | undefined {
    return this.tombstones.get(kind)!.get(id)?.data;
  }

  count(kind: EntityKind): number {
    return this.state.get(kind)!.size;
  }

  ids(kind: EntityKind): string[] {
    return [...this.state.get(kind)!.keys()];
  }

  /**
   * Upserts an entity. `rev` is the previous rev (or the delete's) + 1 unless
   * `data.rev` is given; an explicit rev that is stale by §4 is logged but
   * leaves the state as it is (as a console must). Throws on data that breaks §8.
   */
  upsert(kind: EntityKind, data: Record<string, unknown>): Change {
    if (!isEntityKind(kind)) throw new Error(`unknown kind ${String(kind)}`);
    const id = data.id;
    if (typeof id !== 'string' || id === '') throw new Error(`${kind}: data.id must be a non-empty string`);
    const current = this.get(kind, id);
    const deletedRev = this.tombstone(kind, id);
    const rev = typeof data.rev === 'number' ? data.rev : Math.max(current?.rev ?? 0, deletedRev ?? 0) + 1;
    const copy = structuredClone({ ...data, rev }) as Record<string, unknown>;
    const checked = checkEntity(kind, copy);
    if (!checked.ok) throw new Error(`invalid ${checked.reason}`);
    const stale = current ? rev < current.rev : deletedRev !== undefined && rev <= deletedRev;
    const entry = this.append({ op: 'upsert', kind, data: copy }, stale ? 'stale' : 'applied');
    if (!stale) {
      this.state.get(kind)!.set(id, { rev, data: copy, ...(current ? { prev: current.data } : {}) });
      this.tombstones.get(kind)!.delete(id);
    }
    this.notify(entry);
    return entry.change;
  }

  /** Deletes an entity (known or not); the delete carries rev = previous + 1. */
  remove(kind: EntityKind, id: string): Change {
    if (!isEntityKind(kind)) throw new Error(`unknown kind ${String(kind)}`);
    const current = this.get(kind, id);
    const rev = Math.max(current?.rev ?? 0, this.tombstone(kind, id) ?? 0) + 1;
    const entry = this.append({ op: 'delete', kind, id, rev }, 'applied');
    this.state.get(kind)!.delete(id);
    this.tombstones.get(kind)!.set(id, current ? { rev, data: current.data } : { rev });
    this.notify(entry);
    return entry.change;
  }

  /**
   * Appends an entry that the platform's state ignores: an injected stale
   * upsert or malformed item. It takes a real seq, so replays stay consistent.
   */
  appendIgnored(change: NewChange, effect: 'stale' | 'malformed'): Change {
    const entry = this.append(change, effect);
    this.notify(entry);
    return entry.change;
  }

  /**
   * Sets state without log entries (big snapshots for benchmarks). The log is
   * dropped and `head` moves on by one, so every earlier cursor — and every
   * connected console — resumes with a snapshot: the log "starts" later.
   */
  bulkLoad(kind: EntityKind, items: Record<string, unknown>[], options: { validate?: boolean } = {}): void {
    const map = this.state.get(kind);
    if (!map) throw new Error(`unknown kind ${String(kind)}`);
    for (const item of items) {
      const id = item.id;
      if (typeof id !== 'string' || id === '') throw new Error(`${kind}: data.id must be a non-empty string`);
      const current = map.get(id);
      const rev = typeof item.rev === 'number' ? item.rev : Math.max(current?.rev ?? 0, this.tombstone(kind, id) ?? 0) + 1;
      const data = { ...item, rev };
      if (options.validate !== false) {
        const checked = checkEntity(kind, data);
        if (!checked.ok) throw new Error(`invalid ${checked.reason}`);
      }
      map.set(id, { rev, data });
      this.tombstones.get(kind)!.delete(id);
    }
    this.seqCounter += 1;
    this.clearEntries();
  }

  /** Drops every log entry (state stays); optionally restarts the seq counter. */
  clear(seq?: number): void {
    if (seq !== undefined) this.seqCounter = seq;
    this.clearEntries();
  }

  /** The complete state of `kinds` (all when omitted), in a stable order. */
  snapshotItems(kinds?: readonly string[]): SnapshotItem[] {
    const out: SnapshotItem[] = [];
    for (const kind of ENTITY_KINDS) {
      if (kinds && !kinds.includes(kind)) continue;
      for (const record of this.state.get(kind)!.values()) out.push({ kind, data: record.data });
    }
    return out;
  }

  /** The entities of `kind`, sorted by the UTF-8 bytes of their id (as `egret export`). */
  exportState(kind: EntityKind): Record<string, unknown>[] {
    const rows = [...this.state.get(kind)!.entries()].map(([id, r]) => ({ key: Buffer.from(id, 'utf8'), data: r.data }));
    rows.sort((a, b) => Buffer.compare(a.key, b.key));
    return rows.map((r) => r.data);
  }

  /**
   * What the log is, to be kept between runs of the demo (kept/): every
   * entity (its data carries its rev), the tombstones, the head, and the
   * last `tail` entries (so a console a little behind resumes by replay).
   */
  keep(tail: number): KeptLog {
    const entities: KeptLog['entities'] = [];
    const tombstones: KeptLog['tombstones'] = [];
    for (const kind of ENTITY_KINDS) {
      const items = [...this.state.get(kind)!.values()].map((r) => r.data);
      if (items.length) entities.push({ kind, items });
      for (const [id, t] of this.tombstones.get(kind)!) tombstones.push({ kind, id, rev: t.rev });
    }
    const from = Math.max(this.start, this.entries.length - Math.max(0, tail));
    const log = this.entries.slice(from).map((e) => ({ effect: e.effect, change: e.change }));
    return { head: this.seqCounter, entities, tombstones, log };
  }

  /**
   * Takes a kept log's head (see `keep`) in place of everything this log
   * holds: no entity, the kept tombstones, the seq counter going on from the
   * kept head, and the kept tail replayable. The entities follow by
   * `restoreEntities` (a kept demo city loads them after answering consoles
   * that only need the log). Throws, changing nothing, when the tail's seqs
   * do not run by one up to the head.
   */
  restore(kept: KeptLogHead): void {
    kept.log.forEach((e, i) => {
      const expected = kept.head - kept.log.length + 1 + i;
      if (e.change.seq !== expected) throw new Error(`the kept log's entry ${i} has seq ${e.change.seq}, not ${expected}`);
    });
    for (const { kind } of kept.tombstones) {
      if (!isEntityKind(kind)) throw new Error(`the kept state names an unknown kind ${String(kind)}`);
    }
    for (const kind of ENTITY_KINDS) {
      this.state.get(kind)!.clear();
      this.tombstones.get(kind)!.clear();
    }
    for (const t of kept.tombstones) this.tombstones.get(t.kind)?.set(t.id, { rev: t.rev });
    this.seqCounter = kept.head;
    this.entries = kept.log.map((e) => {
      const json = JSON.stringify(e.change);
      return { change: e.change, json, bytes: Buffer.byteLength(json), effect: e.effect };
    });
    this.start = 0;
    this.firstSeq = kept.head - kept.log.length + 1;
    this.trim();
  }

  /** Kept entities of `kind` (their data carries their rev), after `restore`: state only, no log entry. */
  restoreEntities(kind: EntityKind, items: readonly Record<string, unknown>[]): void {
    if (!isEntityKind(kind)) throw new Error(`the kept state names an unknown kind ${String(kind)}`);
    const map = this.state.get(kind)!;
    for (const data of items) map.set(data.id as string, { rev: data.rev as number, data });
  }

  private clearEntries(): void {
    this.entries = [];
    this.start = 0;
    this.firstSeq = this.seqCounter + 1;
  }

  private append(change: NewChange, effect: LogEntry['effect']): LogEntry {
    const full = { seq: this.seqCounter + 1, ...change } as Change;
    const json = JSON.stringify(full);
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_ITEM_BYTES) throw new Error(`change too large for one frame (${bytes} bytes)`);
    this.seqCounter += 1;
    if (this.entries.length === this.start) this.firstSeq = full.seq;
    const entry: LogEntry = { change: full, json, bytes, effect };
    this.entries.push(entry);
    this.trim();
    return entry;
  }

  /** Listeners run once the state reflects the entry. */
  private notify(entry: LogEntry): void {
    for (const listener of this.listeners) listener(entry);
  }

  private trim(): void {
    while (this.entries.length - this.start > this.keepLog) {
      this.start += 1;
      this.firstSeq += 1;
    }
    if (this.start > 4096 && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }
}
