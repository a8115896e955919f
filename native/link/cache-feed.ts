import type { Logger } from '../common/logger.ts';
import type { Timers } from '../common/timers.ts';
import type { Snapshot } from '../protocol/frames.ts';
import type { ApplyOutcome } from '../store/cache-store.ts';
import type { CacheWrites } from '../store/writer/writes.ts';
import { ChangeSequencer, type NextTurn } from './change-sequencer.ts';
import { IndexScheduler } from './index-scheduler.ts';
import { prepareChange } from './prepare.ts';
import { SnapshotStaging, type PartFlow, type PartTaken, type SnapshotHolder } from './snapshot-staging.ts';

export interface CacheFeedOptions<From> {
  /** How cache.db is written (read at each call: tests replace its methods). */
  writes(): CacheWrites;
  timers: Timers;
  logger: Logger;
  /** The connection whose frames are being taken, or null between connections. */
  current(): From | null;
  /** The link is closed: no more indexing. */
  stopped(): boolean;
  /** When the link was first live (null: not yet); the index backlog's pinyin waits for it (index-scheduler.ts). Default: no wait. */
  firstLiveAt?(): number | null;
  /** When a console's first page drew its board (null: not yet); the incidents' text and R*Tree entries wait for it (index-scheduler.ts). Default: no wait. */
  firstPageAt?(): number | null;
  /** The writer committed changes through `seq`, or a snapshot as of `seq`. */
  committed(from: From, seq: number, outcome: ApplyOutcome, via: 'changes' | 'snapshot'): void;
  /** A write failed and nothing of it is applied; `from` is the connection it was for (the current one for writes nobody waits for). */
  writeFailed(from: From | null, what: string, error: Error): void;
  nextTurn?: NextTurn;
}

/**
 * Everything the platform sends that goes into cache.db, handed to the cache
 * writer (`data.writes`, a worker thread) in the order it must be written:
 * snapshot parts through staging, changes in seq order in batches with the
 * cursor, the time zone, a reset's dropped cursor. It keeps count of the
 * writes not yet answered, so `settled` can wait for them and indexing for
 * a quiet moment.
 *
 * `From` is the connection a frame came on; frames of a connection that is
 * over are never applied.
 */
export class CacheFeed<From extends SnapshotHolder> {
  private readonly sequencer: ChangeSequencer<From>;
  private readonly staging: SnapshotStaging;
  private readonly indexer: IndexScheduler;
  /** Writes handed to the cache writer and not yet answered. */
  private inFlight = 0;

  constructor(private readonly options: CacheFeedOptions<From>) {
    this.sequencer = new ChangeSequencer(() => this.flush(), options.nextTurn);
    this.staging = new SnapshotStaging({
      writes: options.writes,
      now: () => options.timers.now(),
      handOver: (what, done) => this.handOver(what, done),
    });
    this.indexer = new IndexScheduler({
      timers: options.timers,
      busy: () => this.sequencer.waiting || this.inFlight > 0,
      stopped: options.stopped,
      ...(options.firstLiveAt ? { firstLiveAt: options.firstLiveAt } : {}),
      ...(options.firstPageAt ? { firstPageAt: options.firstPageAt } : {}),
      indexPending: (max, pinyin) => options.writes().indexPending(max, pinyin),
      logger: options.logger,
    });
  }

  /** A welcome: changes follow the durable cursor; the platform's time zone is kept for "today". */
  welcome(cursor: number | null, tz: string): void {
    this.sequencer.continueAfter(cursor);
    this.handOver('store the time zone', this.options.writes().setMeta('tz', tz));
  }

  /** Spec §6: a reset drops the cursor (not the cache, not the outbox). */
  reset(): void {
    this.sequencer.continueAfter(null);
    this.handOver('drop the cursor', this.options.writes().dropCursor());
  }

  /** Takes a snapshot part (snapshot-staging.ts); the last one is committed. */
  snapshotPart(from: From, part: Snapshot, flow: PartFlow): PartTaken {
    const taken = this.staging.take(from, part, flow);
    if ('refused' in taken || !taken.last) return taken;

    // The last part: the commit is handed over, and changes from as_of+1 may follow at once.
    const asOf = taken.asOf;
    this.sequencer.continueAfter(asOf);
    this.inFlight++;
    this.options.writes().commitSnapshot(asOf).then(
      (outcome) => {
        this.inFlight--;
        this.options.committed(from, asOf, outcome, 'snapshot');
        this.indexer.schedule(50);
      },
      (error: Error) => {
        this.inFlight--;
        this.options.writeFailed(from, 'commit the snapshot', error);
      },
    );
    return taken;
  }

  /** Takes a changes frame's items: queued up to a gap. Returns why the frame is refused, or null. */
  changes(from: From, items: readonly unknown[]): string | null {
    const taken = this.sequencer.offer(from, items);
    if ('refused' in taken) return taken.refused;
    return taken.gapAfter === null ? null : `a gap after seq ${taken.gapAfter}: reconnecting to replay`;
  }

  /**
   * Hands the queued changes frames to the cache writer as one transaction
   * with the cursor. They are contiguous and free of duplicates already (the
   * sequencer checked each against what was taken on before); the ack
   * follows once the writer says they are committed (spec §4).
   */
  flush(): void {
    const from = this.options.current();
    const items = this.sequencer.take(from);
    if (from === null || items.length === 0) return;
    const prepared = items.map(({ seq, item }) => prepareChange(item, seq));
    const lastSeq = items[items.length - 1]!.seq;
    this.inFlight++;
    this.options.writes().applyChanges(prepared, lastSeq, this.options.timers.now()).then(
      (outcome) => {
        this.inFlight--;
        this.options.committed(from, lastSeq, outcome, 'changes');
        this.indexer.schedule(50);
      },
      (error: Error) => {
        this.inFlight--;
        this.options.writeFailed(from, 'apply changes', error);
      },
    );
  }

  /** Changes frames wait for the next turn of the event loop. */
  get waiting(): boolean {
    return this.sequencer.waiting;
  }

  /** A connection is over: its partial snapshot goes (spec §3), and so do its frames not yet handed over. */
  forget(from: From): void {
    this.staging.discard(from);
    this.sequencer.forget(from);
  }

  /** Resolves once everything taken so far is written: changes committed, parts staged, a reset's cursor dropped. */
  async settled(): Promise<void> {
    do {
      if (this.sequencer.waiting) this.flush();
      await this.options.writes().idle().catch(() => undefined);
    } while (this.sequencer.waiting || this.inFlight > 0);
  }

  /** The link is closing: the next indexing step is dropped. */
  stop(): void {
    this.indexer.cancel();
  }

  /** A write nobody waits for: if it fails, the connection of the moment is given up like for any failed write. */
  private handOver(what: string, done: Promise<unknown>): void {
    done.catch((error: Error) => this.options.writeFailed(this.options.current(), what, error));
  }
}
