import type { WarningSettings } from '../api/contract.ts';
import { seededRandom } from '../common/random.ts';
import { ClusterScan, type KeptNull } from './clusters.ts';
import { overdueFindings } from './overdue.ts';
import { reopenedFindings, repeatFindings } from './repeats.ts';
import { surgeFindings } from './surges.ts';
import type { Finding, Random, WarningInputs } from './types.ts';

/** The null draws' dice (native/common): the same inputs give the same findings, run after run. */
export { seededRandom };

/**
 * The detector with its memory: each cluster family's null distribution is
 * kept between runs (it changes slowly and is most of the cost), so the
 * host's run every minute or two scans only what is new. Everything else is
 * recomputed from the inputs each run.
 */
export class Detector {
  private readonly clusters: ClusterScan;

  constructor(
    private readonly random: Random = seededRandom(14),
    replicates?: number,
  ) {
    this.clusters = new ClusterScan(replicates);
  }

  /** The cluster nulls drawn so far, and those kept to restore in another run of the console (clusters.ts KeptNull). */
  get nullsDrawn(): number {
    return this.clusters.nullsDrawn;
  }

  keptNulls(): KeptNull[] {
    return this.clusters.keptNulls();
  }

  restoreNulls(kept: readonly KeptNull[]): number {
    return this.clusters.restoreNulls(kept);
  }

  run(inputs: WarningInputs, settings: WarningSettings): Finding[] {
    const on = new Set(settings.enabled);
    return [
      ...(on.has('cluster') ? this.clusters.findings(inputs, settings, this.random) : []),
      ...(on.has('surge') ? surgeFindings(inputs, settings) : []),
      ...(on.has('repeat_caller') ? repeatFindings(inputs, settings, 'repeat_caller') : []),
      ...(on.has('repeat_address') ? repeatFindings(inputs, settings, 'repeat_address') : []),
      ...(on.has('reopened') ? reopenedFindings(inputs, settings) : []),
      ...(on.has('overdue') ? overdueFindings(inputs, settings) : []),
    ];
  }
}

/** One run with no memory (the nulls drawn afresh): pure, for tests and one-off use. */
export function detect(inputs: WarningInputs, settings: WarningSettings, random?: Random): Finding[] {
  return new Detector(random).run(inputs, settings);
}
