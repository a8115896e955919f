import { performance } from 'node:perf_hooks';
import type { WarningHandling, WarningKind, WarningSettings } from '../../api/contract.ts';
import type { Db } from '../../store/open.ts';
import {
  callsBetween,
  earliestCallAfter,
  incidentsById,
  incidentsSince,
  markerNotes,
  platformTz,
  reopenedById,
  reopenedSince,
  type IncidentRecord,
  type Reopening,
} from '../../store/queries/warning-inputs.ts';
import { Detector, HISTORY_DAYS, parseMarker, surgeSpans, type Finding, type WarningInputs } from '../../warning/index.ts';
import { readKeptNulls, writeKeptNulls } from './kept-nulls.ts';
import { takeKeptSpan, writeKeptSpan } from './kept-span.ts';

const DAY_MS = 86_400_000;
/** The baseline's full length: 28 days before today. */
const BASELINE_DAYS = HISTORY_DAYS - 1;
const DEFAULT_TZ = 'Asia/Shanghai';

/** The ids a batch of changes touched (upserted or deleted), per kind early warning reads. */
export interface ChangedIds {
  incidents: string[];
  calls: string[];
  events: string[];
}

export interface ComputeRequest {
  now: number;
  settings: WarningSettings;
  /** Read the whole span again (the first run, after a snapshot); else only the changed ids. */
  reload: boolean;
  changed: ChangedIds;
  /**
   * The link cursor cache.db was at when the host opened it, when no
   * snapshot has replaced the cache since: a first run may then start from
   * the span a clean close kept at that cursor (kept-span.ts) and the
   * changes since (`changed` holds every one since the host opened).
   */
  resumeAt?: number;
}

/** What a closing host asks the thread to keep: the changes not yet run, and the cursor the last told change brought. */
export interface KeepRequest {
  cursor: number;
  changed: ChangedIds;
}

/** A handling another console (or this one) shared in a note on one of a finding's incidents. */
export interface FoundMarker {
  incident: string;
  key: string;
  kind: WarningKind;
  handling: WarningHandling;
}

export interface ComputeResult {
  now: number;
  findings: Finding[];
  markers: FoundMarker[];
  /** Load (or refresh) and detection together, in ms. */
  tookMs: number;
  /** The span came from the one a clean close kept (kept-span.ts), not from cache.db. */
  resumed: boolean;
  loadMs: number;
  /** Days of history behind the baseline, up to 28 (the demo fills its four weeks in the background). */
  baselineDays: number;
}

/**
 * What the warnings thread does (worker.ts), on a connection of its own to
 * cache.db: keeps the last HISTORY_DAYS of incidents and reopenings in
 * memory — read whole at the first run and after a snapshot, then only the
 * rows a batch of changes touched — reads the calls of the surge test's
 * spans afresh (a few hundred from an index: four weeks of calls held in
 * memory were most of the load and of the heap), and runs the detector
 * (its cluster nulls kept between runs, native/warning Detector). Also
 * usable in-process (tests, the benchmark's comparison).
 */
export class WarningComputer {
  private readonly incidents = new Map<string, IncidentRecord>();
  private readonly reopenings = new Map<string, Reopening>();
  private loaded = false;
  private readonly detector: Detector;

  private savedDraws = 0;

  constructor(
    private readonly db: Db,
    detector?: Detector,
    /** Where the cluster nulls are kept between the console's runs (kept-nulls.ts); none: drawn at every start. */
    private readonly keptNullsPath?: string,
    /** Where the span is handed from a clean close to the next start (kept-span.ts); none: read from cache.db. */
    private readonly keptSpanPath?: string,
  ) {
    this.detector = detector ?? new Detector();
    if (keptNullsPath) this.detector.restoreNulls(readKeptNulls(keptNullsPath));
  }

  compute(request: ComputeRequest): ComputeResult {
    const started = performance.now();
    const from = request.now - HISTORY_DAYS * DAY_MS;
    const resumed = !this.loaded && request.resumeAt !== undefined && this.resume(request.resumeAt);
    if (resumed || (this.loaded && !request.reload)) this.refresh(request.changed);
    else this.load(from);
    const inputs = this.inputsAt(request.now);
    const loadMs = performance.now() - started;
    const findings = this.detector.run(inputs, request.settings);
    if (this.keptNullsPath && this.detector.nullsDrawn !== this.savedDraws) {
      writeKeptNulls(this.keptNullsPath, this.detector.keptNulls());
      this.savedDraws = this.detector.nullsDrawn;
    }
    const markers = this.markersOf(findings);
    return {
      now: request.now,
      findings,
      markers,
      tookMs: performance.now() - started,
      resumed,
      loadMs,
      baselineDays: baselineDays(inputs),
    };
  }

  private load(from: number): void {
    this.incidents.clear();
    this.reopenings.clear();
    for (const r of incidentsSince(this.db, from)) this.incidents.set(r.id, r);
    for (const r of reopenedSince(this.db, from)) this.reopenings.set(r.event, r);
    this.loaded = true;
  }

  /** The span a clean close kept at this cursor, if there is one (taken: the file is gone after). */
  private resume(cursor: number): boolean {
    const span = this.keptSpanPath ? takeKeptSpan(this.keptSpanPath, cursor) : null;
    if (!span) return false;
    for (const r of span.incidents) this.incidents.set(r.id, r);
    for (const r of span.reopenings) this.reopenings.set(r.event, r);
    this.loaded = true;
    return true;
  }

  /**
   * At a clean close: the changes not yet run refreshed, and the span kept
   * for the next start at the cursor they brought. Nothing held (no run
   * yet): nothing kept — the next start reads cache.db.
   */
  keep(request: KeepRequest): void {
    if (!this.loaded || !this.keptSpanPath) return;
    this.refresh(request.changed);
    writeKeptSpan(this.keptSpanPath, { cursor: request.cursor, incidents: [...this.incidents.values()], reopenings: [...this.reopenings.values()] });
  }

  /** The changed rows as they are now; one gone from the cache (deleted) goes here too. */
  private refresh(changed: ChangedIds): void {
    replace(this.incidents, changed.incidents, incidentsById(this.db, changed.incidents), (r) => r.id);
    replace(this.reopenings, changed.events, reopenedById(this.db, changed.events), (r) => r.event);
  }

  /** The inputs as held now: the span (now − HISTORY_DAYS, now]; what fell out of it leaves memory too. */
  inputsAt(now: number): WarningInputs {
    const from = now - HISTORY_DAYS * DAY_MS;
    const tz = platformTz(this.db) ?? DEFAULT_TZ;
    const incidents: IncidentRecord[] = [];
    for (const [id, r] of this.incidents) {
      if (r.reportedAt <= from) this.incidents.delete(id);
      else if (r.reportedAt <= now) incidents.push(r);
    }
    const spans = surgeSpans(now, tz);
    const calls = [...spans.starts].reverse().flatMap((start) => callsBetween(this.db, start, start + spans.spanMs));
    const reopened: WarningInputs['reopened'] = [];
    for (const [id, r] of this.reopenings) {
      if (r.at <= from) this.reopenings.delete(id);
      else if (r.at <= now) reopened.push({ incident: r.incident, at: r.at });
    }
    const earliestCallAt = earliestCallAfter(this.db, from) ?? undefined;
    return { now, tz, incidents, calls, earliestCallAt, reopened };
  }

  private markersOf(findings: readonly Finding[]): FoundMarker[] {
    const incidents = [...new Set(findings.flatMap((f) => f.incidents))];
    return markerNotes(this.db, incidents).flatMap((note) => {
      const marker = parseMarker(note.text);
      return marker ? [{ incident: note.incident, ...marker }] : [];
    });
  }
}

function replace<T>(map: Map<string, T>, ids: readonly string[], rows: readonly T[], idOf: (row: T) => string): void {
  for (const id of ids) map.delete(id);
  for (const row of rows) map.set(idOf(row), row);
}

/** Whole days between the oldest incident or call held and now, up to the baseline's 28. */
function baselineDays(inputs: WarningInputs): number {
  let oldest = Math.min(inputs.now, inputs.earliestCallAt ?? Infinity);
  for (const c of inputs.calls) if (c.receivedAt < oldest) oldest = c.receivedAt;
  for (const i of inputs.incidents) if (i.reportedAt < oldest) oldest = i.reportedAt;
  return Math.min(BASELINE_DAYS, Math.floor((inputs.now - oldest) / DAY_MS));
}
