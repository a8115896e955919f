import type { Snapshot } from '../protocol/frames.ts';
import type { PreparedItem } from '../store/cache-store.ts';
import type { CacheWrites } from '../store/writer/writes.ts';
import { prepareSnapshotItem } from './prepare.ts';

/** Snapshot parts the writer may have waiting before the socket is paused (about 6 MB each at most). */
export const PARTS_STAGING_MAX = 4;

/** Where a connection's snapshot stands while its parts arrive (status().progress shows it). */
export interface SnapshotProgress {
  readonly asOf: number;
  nextPart: number;
  items: number;
}

/** What holds a connection's snapshot progress: set by the first part, cleared by the last or a discard. */
export interface SnapshotHolder {
  snapshot: SnapshotProgress | null;
}

/** The socket the parts arrive on, as far as back-pressure goes. */
export interface PartFlow {
  pause(): void;
  /** Resumes it, unless the connection is over by then. */
  resume(): void;
}

export type PartTaken = { refused: string } | { last: false } | { last: true; asOf: number };

export interface SnapshotStagingOptions {
  /** How cache.db is written (read at each call: tests slow a method down). */
  writes(): CacheWrites;
  now(): number;
  /** Hands over a write nobody waits for; its failure gives up the connection of the moment. */
  handOver(what: string, done: Promise<unknown>): void;
  max?: number;
}

/**
 * A snapshot arrives part by part and is staged beside the cache, which stays
 * as it was and visible until the last part commits it (spec §3). Parts must
 * come in order, from part 0, all with one `as_of`.
 *
 * Parts are not limited by the platform's window, so when the writer falls
 * behind (a slow disk) the socket is paused until it catches up: otherwise a
 * million-item snapshot could wait in memory for the writer. The count of
 * parts waiting is the link's, across connections: the parts of a connection
 * that broke off still take the writer's time.
 */
export class SnapshotStaging {
  private waiting = 0;
  private readonly max: number;

  constructor(private readonly options: SnapshotStagingOptions) {
    this.max = options.max ?? PARTS_STAGING_MAX;
  }

  /** Parts handed to the writer and not yet staged. */
  get partsWaiting(): number {
    return this.waiting;
  }

  /** Checks a part's place and hands it to the writer; the last part leaves the commit to the caller. */
  take(holder: SnapshotHolder, part: Snapshot, flow: PartFlow): PartTaken {
    if (!holder.snapshot) {
      if (part.part !== 0) return { refused: `snapshot started at part ${part.part}, not 0` };
      this.options.handOver('start a snapshot', this.options.writes().beginSnapshot(part.as_of));
      holder.snapshot = { asOf: part.as_of, nextPart: 0, items: 0 };
    }
    const snap = holder.snapshot;
    if (part.part !== snap.nextPart || part.as_of !== snap.asOf) {
      return { refused: `snapshot part ${part.part} (as_of ${part.as_of}) out of order` };
    }
    const items = part.items.map(prepareSnapshotItem);
    this.stage(items, flow);
    snap.nextPart++;
    snap.items += items.length;
    if (!part.last) return { last: false };
    holder.snapshot = null;
    return { last: true, asOf: snap.asOf };
  }

  /** Spec §3: a connection that breaks before the last part throws its partial snapshot away. */
  discard(holder: SnapshotHolder): void {
    if (!holder.snapshot) return;
    holder.snapshot = null;
    this.options.handOver('discard the partial snapshot', this.options.writes().discardSnapshot());
  }

  private stage(items: PreparedItem[], flow: PartFlow): void {
    const staged = this.options.writes().stageSnapshotPart(items, this.options.now());
    this.options.handOver('stage a snapshot part', staged);
    if (++this.waiting >= this.max) flow.pause();
    const done = () => {
      if (--this.waiting < this.max) flow.resume();
    };
    staged.then(done, done);
  }
}
