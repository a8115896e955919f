import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import { ARCHIVE_ALONE_MS, ARCHIVE_SETTLE_MS, restoreArchive, type ArchiveShape, type KeptArchive } from '../city/archive-delivery.ts';
import type { Platform } from '../server.ts';

/** How often the restore, waiting for its moment, looks at the consoles again. */
const LOOK_EVERY_MS = 250;

/**
 * A kept city's delivered archive made again from the seed (restoreArchive),
 * after the first console's page is live: a warm start's console resumes by
 * replay and needs none of it, and made at the start (up to 3.7 CPU-s for
 * 28 days) it took a core from the browser and the page (issue 10). Until
 * it is made the platform answers all but snapshots (a snapshot must hold
 * it: no change brings it again), so a console asking for one makes it
 * begin at once. It begins when a console has followed the changes for
 * ARCHIVE_SETTLE_MS, a console waits for a snapshot, or no console came for
 * ARCHIVE_ALONE_MS; a day a turn, the platform answering between two.
 */
export class ArchiveRestore {
  /** Resolves with the entities made once the archive is made again (none if there was nothing to make, or it was stopped). */
  readonly done: Promise<number>;
  private finish!: (made: number) => void;
  private timer: unknown = null;
  private what: { shape: ArchiveShape; kept: KeptArchive } | null = null;
  private from = 0;
  private making = false;
  private stopped = false;
  private followedFrom: number | null = null;
  /** Hellos not yet answered, by session, with the cursor each resumes from. */
  private readonly held = new Map<string, number | null>();
  private readonly onHello = ({ session, hello }: { session: string; hello: { cursor: number | null } }) => {
    this.held.set(session, hello.cursor);
    if (this.what) this.look();
  };
  private readonly onAnswered = ({ session }: { session: string }) => void this.held.delete(session);

  /** Watches the hellos from now on (made as the platform starts to listen: a console may say hello before the kept city is read). */
  constructor(
    private readonly platform: Platform,
    private readonly how: { clock: Timers; pace: (platform: Platform) => Promise<void>; logger: Logger },
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    platform.on('hello', this.onHello);
    platform.on('welcome', this.onAnswered);
    platform.on('close', this.onAnswered);
  }

  /** The kept archive to make again, from its moment (see the class); null: nothing to make. */
  begin(shape: ArchiveShape, kept: KeptArchive | null): void {
    if (!kept || kept.delivered.length + (kept.partial ? 1 : 0) === 0) return this.stop();
    this.what = { shape, kept };
    this.from = this.how.clock.now();
    this.look();
  }

  stop(): void {
    this.stopped = true;
    this.unlisten();
    if (this.timer !== null) this.how.clock.clearTimeout(this.timer);
    this.timer = null;
    this.finish(0);
  }

  /** Whether the moment has come (see the class). */
  private due(now: number): boolean {
    for (const cursor of this.held.values()) if (!this.platform.log.canReplay(cursor)) return true;
    const lag = this.platform.consoleLag();
    if (this.followedFrom === null && lag.following > 0 && lag.snapshots === 0) this.followedFrom = now;
    return this.followedFrom !== null ? now - this.followedFrom >= ARCHIVE_SETTLE_MS : now - this.from >= ARCHIVE_ALONE_MS;
  }

  private look(): void {
    if (this.stopped || this.making) return;
    if (this.timer !== null) this.how.clock.clearTimeout(this.timer);
    this.timer = null;
    if (!this.due(this.how.clock.now())) {
      this.timer = this.how.clock.setTimeout(() => {
        this.timer = null;
        this.look();
      }, LOOK_EVERY_MS);
      return;
    }
    this.making = true;
    this.unlisten();
    void this.make(this.what!);
  }

  private async make({ shape, kept }: { shape: ArchiveShape; kept: KeptArchive }): Promise<void> {
    const began = performance.now();
    let made = 0;
    try {
      for (const n of restoreArchive(this.platform, shape, kept)) {
        made += n;
        await this.how.pace(this.platform);
        if (this.stopped) return;
      }
      this.how.logger.info('demo: the kept archive made again', { entities: made, ms: Math.round(performance.now() - began) });
    } catch (error) {
      // A snapshot then lacks the days not made; the city goes on (they are made again at the next start).
      this.how.logger.warn('demo: the kept archive could not be made again', { error: String(error) });
    }
    this.finish(made);
  }

  private unlisten(): void {
    this.platform.off('hello', this.onHello);
    this.platform.off('welcome', this.onAnswered);
    this.platform.off('close', this.onAnswered);
  }
}
