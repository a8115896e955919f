import type { WarningSettings } from '../api/contract.ts';
import { fitGumbel, gumbelUpperTail, type Gumbel } from './distributions.ts';
import { MAX_LISTED, familyOf, mostCommon } from './family.ts';
import { convexHull } from './hull.ts';
import { familyCasesOf, neighboursOf, nullMaxima, scanMax, windowsOf, type Cylinder, type Neighbours } from './scan.ts';
import { clusterAnalysesPerDay, DAY_MS, HISTORY_DAYS, HOUR_MS } from './settings.ts';
import { EMPTY_FINDING, type Finding, type IncidentRecord, type Random, type WarningInputs } from './types.ts';

/**
 * Replicates per null distribution. Their maxima are fitted with a Gumbel
 * (Abrams, Kleinman & Kulldorff 2010), so p-values far below 1/replicates
 * are reachable: the thresholds here need p ≈ 1e-4.
 */
export const NULL_REPLICATES = 199;

/**
 * A family's null changes slowly: it depends on where its N cases are and on
 * how many fall in the recent window (W), not on when. Drawing it is most of
 * the scan's cost (every case's neighbours, 199 times), so it is kept
 * between runs and drawn again only when it no longer fits and the answer
 * could depend on it: settings changed, a day old, or N moved by more than
 * a fifth — or W moved by more than a fifth (at least 2) and the kept null
 * does not put the strongest cylinder clearly (10×) below the threshold.
 * A null drawn at another W then gives the p-values (the figures shown).
 */
interface NullEntry {
  N: number;
  W: number;
  settings: string;
  at: number;
  maxima: Float64Array;
  gumbel: Gumbel;
}

/**
 * Replicates are drawn in two stages (sequential Monte Carlo, Besag &
 * Clifford 1991): after the first FIRST_STAGE, a family whose strongest
 * cylinder STOP_EXCEEDED of them already beat (a Monte Carlo p of at least
 * about a quarter, thousands of times the thresholds) is nowhere near a
 * cluster, and its null stays that coarse; the others get the rest of the
 * NULL_REPLICATES, independent of the first and pooled with them. Most
 * families are far from a cluster most of the time: drawing every one whole
 * was most of a first computation (bench:warnings). A coarse null never
 * raises a warning: once a family's strongest comes near it, the rest are
 * drawn before any p-value is taken from it.
 */
export const FIRST_STAGE = 19;
const STOP_EXCEEDED = 5;

const REFRESH_AFTER_MS = 24 * HOUR_MS;
/** How far below the threshold a stale null must put a family's strongest cylinder for it not to be drawn again. */
const CLEARLY_BELOW = 10;

/** Fewer positive maxima than this and the Gumbel is not fitted: the Monte Carlo rank is the p-value. */
const MIN_POSITIVE_FOR_FIT = 10;

/** How likely a scan maximum this strong is under the null. */
export function scanPValue(e: Pick<NullEntry, 'maxima' | 'gumbel'>, llr: number): number {
  const n = e.maxima.length;
  if (e.gumbel.positive * n >= MIN_POSITIVE_FOR_FIT) return gumbelUpperTail(e.gumbel, llr);
  let above = 0;
  for (let i = 0; i < n; i++) if (e.maxima[i]! >= llr) above++;
  return (1 + above) / (1 + n);
}

/** How many of a null's maxima reach a cylinder this strong. */
function exceeding(e: NullEntry, llr: number): number {
  let n = 0;
  for (let i = 0; i < e.maxima.length; i++) if (e.maxima[i]! >= llr) n++;
  return n;
}

function fits(e: NullEntry, N: number, settings: string, now: number): boolean {
  return e.settings === settings && Math.abs(N - e.N) <= 0.2 * e.N && Math.abs(now - e.at) <= REFRESH_AFTER_MS;
}

function sameWindow(e: NullEntry, W: number): boolean {
  return Math.abs(W - e.W) <= Math.max(2, 0.2 * e.W);
}

interface Scanned {
  family: string;
  records: IncidentRecord[];
  neighbours: (i: number) => Neighbours;
  order: Int32Array;
  windowClosed: Uint8Array;
  N: number;
  cylinders: Cylinder[];
}

/**
 * A family's null as kept between the console's runs (the host's computer
 * writes them to a file): drawing them all is most of a first computation,
 * and a restart within the day finds them fitting as a run would have.
 */
export interface KeptNull {
  family: string;
  N: number;
  W: number;
  settings: string;
  at: number;
  maxima: number[];
}

/** Space-time clusters per family; keeps each family's null distribution between runs. */
export class ClusterScan {
  private readonly nulls = new Map<string, NullEntry>();
  private drawn = 0;

  constructor(private readonly replicates = NULL_REPLICATES) {}

  /** How many nulls were drawn so far: the kept ones changed when it moved. */
  get nullsDrawn(): number {
    return this.drawn;
  }

  keptNulls(): KeptNull[] {
    return [...this.nulls].map(([family, e]) => ({ family, N: e.N, W: e.W, settings: e.settings, at: e.at, maxima: Array.from(e.maxima) }));
  }

  /**
   * Nulls kept by an earlier run (of this console, read back from its file):
   * each is used while it fits, as if drawn here. One that is not what this
   * scan draws (more replicates than it ever draws, fewer than its first stage, a value out of range) is left
   * out; returns how many were taken.
   */
  restoreNulls(kept: readonly KeptNull[]): number {
    let taken = 0;
    for (const k of kept) {
      const counts = [k.N, k.W, k.at].every((v) => Number.isFinite(v) && v >= 0);
      const maxima =
        Array.isArray(k.maxima) &&
        k.maxima.length >= Math.min(FIRST_STAGE, this.replicates) &&
        k.maxima.length <= Math.max(this.replicates, MAX_REPLICATES) &&
        k.maxima.every((m) => Number.isFinite(m) && m >= 0);
      if (typeof k.family !== 'string' || typeof k.settings !== 'string' || !counts || !maxima) continue;
      const values = Float64Array.from(k.maxima);
      this.nulls.set(k.family, { N: k.N, W: k.W, settings: k.settings, at: k.at, maxima: values, gumbel: fitGumbel(values) });
      taken++;
    }
    return taken;
  }

  findings(inputs: WarningInputs, s: WarningSettings, random: Random): Finding[] {
    const { now } = inputs;
    const from = now - HISTORY_DAYS * DAY_MS;
    const byFamily = new Map<string, IncidentRecord[]>();
    for (const r of inputs.incidents) {
      if (r.lat === null || r.lng === null || r.reportedAt <= from || r.reportedAt > now) continue;
      const f = familyOf(r.category);
      const list = byFamily.get(f);
      if (list) list.push(r);
      else byFamily.set(f, [r]);
    }
    // Families tested: those with enough recent cases to hold a cluster at all.
    const scanned: Scanned[] = [];
    const since = now - s.clusterMaxHours * HOUR_MS;
    for (const [family, records] of [...byFamily].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      let recent = 0;
      for (const r of records) if (r.reportedAt > since) recent++;
      if (recent < s.clusterMinIncidents) continue;
      const lat = new Float64Array(records.length);
      const lng = new Float64Array(records.length);
      const t = new Float64Array(records.length);
      for (let i = 0; i < records.length; i++) {
        lat[i] = records[i]!.lat!;
        lng[i] = records[i]!.lng!;
        t[i] = records[i]!.reportedAt;
      }
      const fc = familyCasesOf(lat, lng, t, s.clusterMaxRadiusM);
      const { order, windowClosed } = windowsOf(fc.t, since, now);
      const memo = new Map<number, Neighbours>();
      const neighbours = (i: number): Neighbours => {
        let nb = memo.get(i);
        if (!nb) memo.set(i, (nb = neighboursOf(fc, i)));
        return nb;
      };
      const N = records.length;
      const cylinders: Cylinder[] = [];
      scanMax(neighbours, N, order, windowClosed, new Int32Array(N).fill(-1), s.clusterMinIncidents, new Int32Array(order.length), (c) =>
        cylinders.push(c),
      );
      scanned.push({ family, records, neighbours, order, windowClosed, N, cylinders });
    }
    const families = scanned.length;
    const settingsKey = `${s.clusterMaxRadiusM}|${s.clusterMaxHours}|${s.clusterMinIncidents}`;
    const out: Finding[] = [];
    for (const f of scanned) {
      if (f.cylinders.length === 0) continue;
      let entry = this.nulls.get(f.family);
      const W = f.order.length;
      const kept = entry && fits(entry, f.N, settingsKey, now) ? entry : undefined;
      const strongest = Math.max(...f.cylinders.map((c) => c.llr));
      const keep =
        kept && (sameWindow(kept, W) || recurrenceDays(scanPValue(kept, strongest), families, s) < s.clusterRecurrenceDays / CLEARLY_BELOW);
      const draw = (replicates: number, pooled?: Float64Array) => {
        const drawn = nullMaxima(f.neighbours, f.N, f.windowClosed, s.clusterMinIncidents, replicates, random);
        const maxima = pooled ? Float64Array.of(...pooled, ...drawn) : drawn;
        this.drawn++;
        const e: NullEntry = { N: f.N, W, settings: settingsKey, at: now, maxima, gumbel: fitGumbel(maxima) };
        this.nulls.set(f.family, e);
        return e;
      };
      if (!keep) entry = draw(Math.min(FIRST_STAGE, this.replicates));
      if (entry!.maxima.length < this.replicates && exceeding(entry!, strongest) < STOP_EXCEEDED) {
        // Near enough to matter: the rest of the replicates, pooled with the first stage's when drawn for these cases.
        const pooled = entry!.N === f.N && sameWindow(entry!, W) ? entry!.maxima : undefined;
        entry = draw(this.replicates - (pooled?.length ?? 0), pooled);
      }
      entry = this.resolved(entry!, f, W, strongest, families, s, random);
      out.push(...significant(f, entry, families, s));
    }
    return out;
  }

  /**
   * A sparse null (fewer than MIN_POSITIVE_FOR_FIT replicates with any
   * cylinder of clusterMinIncidents cases: a quiet family at night) is not
   * fitted, and its Monte Carlo p is at least 1/(replicates + 1) — too
   * coarse to reach the recurrence setting when many families are tested
   * (1/200 with 32 families and 12 analyses a day is 0.52 days against 2: a
   * planted night-time cluster was never raised, whatever its strength).
   * When the strongest cylinder beats every replicate, the answer depends
   * on that resolution alone: more replicates are drawn (cheap: such nulls
   * have few cases together) and pooled, until the fit is possible, the
   * floor is below the setting, or MAX_REPLICATES.
   */
  private resolved(e: NullEntry, f: Scanned, W: number, strongest: number, families: number, s: WarningSettings, random: Random): NullEntry {
    let entry = e;
    for (;;) {
      const n = entry.maxima.length;
      if (n >= MAX_REPLICATES || entry.gumbel.positive * n >= MIN_POSITIVE_FOR_FIT) break;
      if (recurrenceDays(1 / (n + 1), families, s) >= s.clusterRecurrenceDays) break;
      if (exceeding(entry, strongest) > 0) break;
      const pooled = entry.N === f.N && sameWindow(entry, W);
      const more = nullMaxima(f.neighbours, f.N, f.windowClosed, s.clusterMinIncidents, pooled ? 4 * n : 5 * n, random);
      this.drawn++;
      const maxima = pooled ? Float64Array.of(...entry.maxima, ...more) : more;
      entry = { ...entry, N: f.N, W, maxima, gumbel: fitGumbel(maxima) };
    }
    if (entry !== e) this.nulls.set(f.family, entry);
    return entry;
  }
}

/** The most replicates a sparse null is taken to (see ClusterScan.resolved). */
const MAX_REPLICATES = 4_999;

/** The recurrence interval in days of a p-value: 1 / (p × analyses a day × families tested). */
export function recurrenceDays(p: number, families: number, s: Pick<WarningSettings, 'clusterMaxHours'>): number {
  return 1 / (Math.max(p, 1e-300) * clusterAnalysesPerDay(s) * Math.max(1, families));
}

/**
 * The most likely cylinder, then secondary ones that share no incident with
 * any taken before (SaTScan's "no geographical overlap" on cases), each
 * raised when its recurrence reaches the setting. Secondary cylinders are
 * measured against the same null of the maximum: conservative.
 */
function significant(f: Scanned, g: NullEntry, families: number, s: WarningSettings): Finding[] {
  const rankOf = new Int32Array(f.N).fill(-1);
  for (let k = 0; k < f.order.length; k++) rankOf[f.order[k]!] = k;
  const taken = new Set<number>();
  const out: Finding[] = [];
  for (const c of [...f.cylinders].sort((a, b) => b.llr - a.llr || a.centre - b.centre)) {
    const p = scanPValue(g, c.llr);
    const recurrence = recurrenceDays(p, families, s);
    if (recurrence < s.clusterRecurrenceDays) break;
    const nb = f.neighbours(c.centre);
    const members: number[] = [];
    for (let a = 0; a < nb.idx.length && nb.dist[a]! <= c.radiusM; a++) {
      const r = rankOf[nb.idx[a]!]!;
      if (r >= 0 && r <= c.windowEnd) members.push(nb.idx[a]!);
    }
    if (members.some((m) => taken.has(m))) continue;
    for (const m of members) taken.add(m);
    out.push(clusterFinding(f, c, members, p, recurrence));
  }
  return out;
}

function clusterFinding(f: Scanned, c: Cylinder, members: number[], p: number, recurrence: number): Finding {
  const records = members.map((m) => f.records[m]!).sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : -1));
  const centre = f.records[c.centre]!;
  return {
    ...EMPTY_FINDING,
    kind: 'cluster',
    family: f.family,
    district: mostCommon(records.map((r) => r.district)),
    street: mostCommon(records.map((r) => r.street)),
    since: records[records.length - 1]!.reportedAt,
    lastAt: records[0]!.reportedAt,
    observed: c.cases,
    expected: c.expected,
    baseline: 'zone_history_28d',
    pValue: p,
    recurrenceDays: recurrence,
    area: { lat: centre.lat!, lng: centre.lng!, radiusM: Math.round(c.radiusM) },
    outline: convexHull(records.map((r) => [r.lat!, r.lng!] as const)),
    incidents: records.slice(0, MAX_LISTED).map((r) => r.id),
  };
}

