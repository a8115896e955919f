/**
 * Where a start's time goes, from a V8 CPU profile of the `egret` process
 * (`node --cpu-prof`): each sample is charged to the part of the console its
 * stack is in — the innermost frame of ours decides (the demo platform, the
 * store, the link…), else what Node was doing (loading modules, compiling
 * TypeScript through tsx, GC) — and the samples are summed per part and per
 * time slice since the process started. Frames of the CLI bundle (dist/cli)
 * are mapped back to their sources through the bundle's source maps.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { formatSelfTimes, type CpuProfile } from './ui-profile.ts';

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** Parts in the order a start meets them; the first whose test matches the innermost frame of ours wins. */
const PARTS: { name: string; test: (source: string) => boolean }[] = [
  { name: 'demo platform', test: (s) => s.includes('native/simulator/') },
  { name: 'store', test: (s) => s.includes('native/store/') },
  { name: 'link', test: (s) => s.includes('native/link/') },
  { name: 'protocol checks', test: (s) => s.includes('native/protocol/') },
  { name: 'host', test: (s) => s.includes('native/host/') || s.includes('native/api/') },
  { name: 'cli', test: (s) => s.includes('native/cli/') || s.includes('native/common/') || s.includes('/bin/') },
  { name: 'ws', test: (s) => s.includes('node_modules/ws/') },
  { name: 'zod/ajv', test: (s) => s.includes('node_modules/zod/') || s.includes('node_modules/ajv') },
  { name: 'better-sqlite3', test: (s) => s.includes('better-sqlite3') },
  { name: 'tsx/esbuild', test: (s) => s.includes('node_modules/tsx/') || s.includes('node_modules/esbuild/') },
];
/** What Node itself was doing, when no frame of ours is on the stack. */
function nodePart(frame: Frame): string {
  const { functionName: fn, url } = frame;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8/native';
  if (url.startsWith('node:internal/modules') || url.includes('internal/modules/') || fn === 'compileFunction') return 'module loading';
  return 'other';
}

/** Maps bundle positions back to sources; frames of sources pass as they are. */
class Sources {
  private readonly maps = new Map<string, SourceMap | null>();

  of(frame: Frame): string {
    return this.entry(frame)?.originalSource ?? frame.url;
  }

  entry(frame: Frame): { originalSource?: string; originalLine?: number } | undefined {
    if (!frame.url.includes('/dist/cli/')) return undefined;
    const entry = this.mapFor(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as
      | { originalSource?: string; originalLine?: number }
      | undefined;
    return entry && entry.originalSource ? entry : undefined;
  }

  private mapFor(url: string): SourceMap | null {
    if (!this.maps.has(url)) {
      const file = `${url.startsWith('file:') ? fileURLToPath(url) : url}.map`;
      this.maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null);
    }
    return this.maps.get(url)!;
  }
}

export interface StartProfile {
  /** ms per part over the whole profile. */
  parts: Map<string, number>;
  /** ms per part in each slice of `sliceMs` since the profile started. */
  slices: Map<string, number>[];
  sliceMs: number;
  totalMs: number;
}

/** `originUs`: the profile clock's moment that counts as 0 (another thread's profile start, to line threads up); default its own start. */
export function startProfile(profile: CpuProfile, sliceMs = 250, originUs = profile.startTime): StartProfile {
  const sources = new Sources();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = new Map<number, string>();
  const part = (id: number): string => {
    const known = partOf.get(id);
    if (known) return known;
    let found: string | null = null;
    for (let at: number | undefined = id; at !== undefined && !found; at = parent.get(at)) {
      const source = sources.of(byId.get(at)!.callFrame);
      found = PARTS.find((p) => p.test(source))?.name ?? null;
    }
    const name = found ?? nodePart(byId.get(id)!.callFrame);
    partOf.set(id, name);
    return name;
  };

  const parts = new Map<string, number>();
  const slices: Map<string, number>[] = [];
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = (profile.startTime - originUs) / 1000;
  for (let i = 0; i < samples.length; i++) {
    t += (deltas[i] ?? 0) / 1000;
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const name = part(samples[i]!);
    parts.set(name, (parts.get(name) ?? 0) + ms);
    const slice = (slices[Math.max(0, Math.floor(t / sliceMs))] ??= new Map());
    slice.set(name, (slice.get(name) ?? 0) + ms);
  }
  for (let i = 0; i < slices.length; i++) slices[i] ??= new Map();
  return { parts, slices, sliceMs, totalMs: t - (profile.startTime - originUs) / 1000 };
}

/** Self time per function, named by its source file and line (the bundle's frames mapped back), heaviest first. */
export function formatSourceSelfTimes(label: string, profile: CpuProfile, top = 20): string {
  const sources = new Sources();
  const mapped: CpuProfile = {
    ...profile,
    nodes: profile.nodes.map((n) => {
      const source = sources.of(n.callFrame);
      if (source === n.callFrame.url) return n;
      const entry = sources.entry(n.callFrame);
      return {
        ...n,
        callFrame: {
          ...n.callFrame,
          url: source.replace(/^.*?\/native\//, 'native/'),
          lineNumber: entry?.originalLine ?? n.callFrame.lineNumber,
        },
      };
    }),
  };
  return formatSelfTimes(label, mapped, top);
}

/**
 * The long jobs of a start, by the function that runs each (inclusive time:
 * a job's samples count once however deep it calls itself): what competes for
 * the two cores while the browser starts and the page loads. Found by the
 * first warm-start profiles of issue 10: the store's index backlog (place
 * pinyin left by a first start stopped once live), the replay, the demo's
 * kept city going on and its save.
 */
export const START_JOBS: { fn: string; says: string }[] = [
  { fn: 'goOnWithKeptCity', says: 'demo: the kept city goes on' },
  { fn: 'restoreEntities', says: "demo: the kept city's entities" },
  { fn: 'startCity', says: 'demo: the city starts' },
  { fn: 'writeKeptState', says: 'demo: the city kept (save)' },
  { fn: 'restoreArchive', says: "demo: the kept archive made again" },
  { fn: 'dayEntities', says: 'demo: archive days generated' },
  { fn: 'applyChanges', says: 'store: changes applied' },
  { fn: 'stageSnapshotPart', says: 'store: snapshot staged' },
  { fn: 'indexPending', says: 'store: index backlog' },
  { fn: 'buildPlacePinyin', says: 'store: place pinyin' },
  { fn: 'buildCameraPinyin', says: 'store: camera pinyin' },
];

export interface JobTime {
  says: string;
  ms: number;
  /** Of which before `untilMs` (the page live): what the job took from the start itself. */
  beforeMs: number;
  /** First and last sample in the job, ms since `originUs`. */
  fromMs: number;
  toMs: number;
}

/** Inclusive time of each of `jobs` that ran in `profile`, in the order they first ran; `untilMs` (since `originUs`) splits off what ran before it. */
export function startJobs(profile: CpuProfile, jobs = START_JOBS, originUs = profile.startTime, untilMs = Infinity): JobTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const found = new Map<string, JobTime>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = (profile.startTime - originUs) / 1000;
  for (let i = 0; i < samples.length; i++) {
    t += (deltas[i] ?? 0) / 1000;
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let at: number | undefined = samples[i]; at !== undefined; at = parent.get(at)) {
      const job = jobs.find((j) => j.fn === byId.get(at)!.callFrame.functionName);
      if (!job || seen.has(job.fn)) continue;
      seen.add(job.fn);
      const time = found.get(job.fn) ?? { says: job.says, ms: 0, beforeMs: 0, fromMs: t, toMs: t };
      time.ms += ms;
      if (t <= untilMs) time.beforeMs += ms;
      time.toMs = t;
      found.set(job.fn, time);
    }
  }
  return [...found.values()].sort((a, b) => a.fromMs - b.fromMs);
}

/**
 * One line per job of a start that took at least `minMs`: its CPU and when it
 * ran; with `liveMs` (since `originUs`: the page live), the CPU it took before then.
 */
export function formatStartJobs(label: string, profile: CpuProfile, originUs = profile.startTime, minMs = 20, liveMs: number | null = null): string | null {
  const rows = startJobs(profile, START_JOBS, originUs, liveMs ?? Infinity).filter((j) => j.ms >= minMs);
  if (rows.length === 0) return null;
  const before = (j: JobTime) => (liveMs === null ? '' : `, ${j.beforeMs.toFixed(0).padStart(6)} ms before live`);
  const line = (j: JobTime) =>
    `  ${j.says.padEnd(34)} ${j.ms.toFixed(0).padStart(6)} ms CPU${before(j)}, ${(j.fromMs / 1000).toFixed(2)}–${(j.toMs / 1000).toFixed(2)} s`;
  const live = liveMs === null ? '' : `, live at ${(liveMs / 1000).toFixed(2)} s`;
  return [`${label}: start jobs (inclusive CPU, when since the spawn${live})`, ...rows.map(line)].join('\n');
}

/** CPU (every sample but idle) the thread used before `untilMs` since `originUs`. */
export function busyBefore(profile: CpuProfile, originUs: number, untilMs: number): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = (profile.startTime - originUs) / 1000;
  let ms = 0;
  for (let i = 0; i < samples.length; i++) {
    t += (deltas[i] ?? 0) / 1000;
    if (t > untilMs) break;
    if (!idle.has(samples[i]!)) ms += (deltas[i + 1] ?? 0) / 1000;
  }
  return ms;
}

/** The parts, heaviest first, then a line per slice naming what filled it (until `untilMs`). */
export function formatStartProfile(label: string, profile: CpuProfile, untilMs: number, sliceMs = 250, originUs = profile.startTime): string {
  const { parts, slices } = startProfile(profile, sliceMs, originUs);
  const row = (m: Map<string, number>, min: number) =>
    [...m]
      .filter(([name, ms]) => name !== 'idle' && ms >= min)
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
      .join(', ');
  const lines = [`${label}: ms on the main thread per part, heaviest first: ${row(parts, 5)}; idle ${(parts.get('idle') ?? 0).toFixed(0)}`];
  for (let i = 0; i < slices.length && i * sliceMs < untilMs; i++) {
    const idle = slices[i]!.get('idle') ?? 0;
    lines.push(`  ${String(i * sliceMs).padStart(6)}–${String((i + 1) * sliceMs).padEnd(6)} ms  ${row(slices[i]!, 10) || '—'}${idle >= 10 ? `  (idle ${idle.toFixed(0)})` : ''}`);
  }
  return lines.join('\n');
}
