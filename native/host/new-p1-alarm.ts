import type { AlarmEvent, IncidentRow } from '../api/index.ts';

/** What the alarm reads from the cache (native/store/queries/new-p1.ts, bound to the host's connection). */
export interface NewP1Reader {
  /** Of these incidents, the priority-1 ones still `new`, as board rows. */
  among(ids: readonly string[]): IncidentRow[];
  /** The ids of every priority-1 incident still `new`. */
  all(): string[];
}

/**
 * A batch the link committed: the incidents it touched (`changes`) and those
 * it left priority 1 and `new` (the writer reads that off the rows it
 * writes), or a whole new cache (`snapshot`).
 */
export type AppliedIncidents =
  | { via: 'changes'; upserted: readonly string[]; deleted: readonly string[]; newP1: readonly string[] }
  | { via: 'snapshot' };

/** A snapshot that brings more new P1s than this announces the newest ones only (the board shows them all). */
const SNAPSHOT_ANNOUNCE_MAX = 50;

/**
 * The new-P1 alarm (一级警情提醒): the host tells every window the moment the
 * link commits a priority-1 incident that is still `new` and was not one
 * before — a fresh report, or one raised to P1 — instead of each window
 * polling a page. The incidents that are already there when the console
 * starts are the baseline (the board shows them); a snapshot after a long
 * outage announces those it brings that were not known.
 *
 * The alarm must never fail silently: when a read fails it says `down` (with
 * why), and `restored` once a read works again.
 */
export class NewP1Alarm {
  /** Priority-1 `new` incidents already announced or there at the baseline. */
  private readonly known = new Set<string>();
  /** Set while the alarm cannot read the cache. */
  private down: Extract<AlarmEvent, { kind: 'down' }> | null = null;

  constructor(
    private readonly reader: NewP1Reader,
    private readonly publish: (events: AlarmEvent[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * What a window is sent the moment it subscribes: nothing when the alarm
   * works (the empty push tells the window it is armed), `down` when not.
   */
  state(): AlarmEvent[] {
    return this.down ? [this.down] : [];
  }

  /** Takes what is in the cache now as known: nothing is announced for it. */
  baseline(): void {
    this.guard(() => {
      this.known.clear();
      for (const id of this.reader.all()) this.known.add(id);
      return [];
    });
  }

  /** Called for each committed batch; announces the new P1s in it. */
  applied(batch: AppliedIncidents): void {
    this.guard(() => (batch.via === 'snapshot' ? this.afterSnapshot() : this.afterChanges(batch)));
  }

  private afterChanges(batch: Extract<AppliedIncidents, { via: 'changes' }>): AlarmEvent[] {
    for (const id of batch.deleted) this.known.delete(id);
    const p1 = new Set(batch.newP1);
    // An incident that left P1 `new` is forgotten: raised to P1 again later, it is news again.
    for (const id of batch.upserted) if (!p1.has(id)) this.known.delete(id);
    const fresh = batch.newP1.filter((id) => !this.known.has(id));
    // The cache is read for the news only: its board rows, as they are now.
    return fresh.length === 0 ? [] : this.announce(this.reader.among(fresh));
  }

  private afterSnapshot(): AlarmEvent[] {
    const current = this.reader.all();
    const fresh = current.filter((id) => !this.known.has(id));
    this.known.clear();
    for (const id of current) this.known.add(id);
    // `among` orders newest first: the newest are announced when there are very many.
    return this.reader
      .among(fresh)
      .slice(0, SNAPSHOT_ANNOUNCE_MAX)
      .map((incident) => ({ kind: 'new_p1', incident }));
  }

  private announce(rows: IncidentRow[]): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const incident of rows) {
      if (this.known.has(incident.id)) continue;
      this.known.add(incident.id);
      events.push({ kind: 'new_p1', incident });
    }
    return events;
  }

  private guard(read: () => AlarmEvent[]): void {
    let events: AlarmEvent[];
    try {
      events = read();
    } catch (error) {
      if (!this.down) {
        this.down = { kind: 'down', reason: `the new-P1 alarm could not read the cache: ${(error as Error)?.message ?? error}`, at: this.iso() };
        this.publish([this.down]);
      }
      return;
    }
    if (this.down) {
      this.down = null;
      events.unshift({ kind: 'restored', at: this.iso() });
    }
    if (events.length > 0) this.publish(events);
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
