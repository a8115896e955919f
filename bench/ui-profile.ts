/**
 * Summaries of V8 CPU profiles (`.cpuprofile` from `node --cpu-prof`, or the
 * DevTools Profiler domain): self time per function, the heaviest first.
 */

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Self time per function (name + file:line), from the samples and their time deltas. */
export function selfTimes(profile: CpuProfile, top = 15): { rows: SelfTime[]; totalMs: number; idleMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const perNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the delta to the next sample.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    perNode.set(samples[i]!, (perNode.get(samples[i]!) ?? 0) + ms);
  }
  const perFn = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of perNode) {
    const f = byId.get(id)!.callFrame;
    totalMs += ms;
    if (f.functionName === '(idle)' || f.functionName === '(program)') {
      if (f.functionName === '(idle)') idleMs += ms;
    }
    const file = f.url ? f.url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, '').replace(/\?.*$/, '') : '';
    const name = `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    perFn.set(name, (perFn.get(name) ?? 0) + ms);
  }
  const busy = totalMs - idleMs;
  const rows = [...perFn]
    .filter(([name]) => !name.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: busy > 0 ? ms / busy : 0 }));
  return { rows, totalMs, idleMs };
}

export function formatSelfTimes(label: string, profile: CpuProfile, top = 15): string {
  const { rows, totalMs, idleMs } = selfTimes(profile, top);
  const lines = [
    `${label}: ${(totalMs / 1000).toFixed(1)} s sampled, ${((totalMs - idleMs) / 1000).toFixed(1)} s busy; self time, heaviest first:`,
  ];
  for (const r of rows) lines.push(`  ${r.ms.toFixed(0).padStart(7)} ms ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.name}`);
  return lines.join('\n');
}
