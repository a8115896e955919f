import { describe, expect, it } from 'vitest';
import { busyBefore, formatStartJobs, startJobs } from '../../bench/start-profile.ts';
import type { CpuProfile } from '../../bench/ui-profile.ts';

/** A profile of one thread: root → indexPending → buildPlacePinyin → indexPending (again, deeper), and idle. */
function profile(): CpuProfile {
  const frame = (functionName: string) => ({ functionName, url: 'file:///x/native/store/cache-store.ts', lineNumber: 1, columnNumber: 1 });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 5] },
      { id: 2, callFrame: frame('indexPending'), children: [3] },
      { id: 3, callFrame: frame('buildPlacePinyin'), children: [4] },
      { id: 4, callFrame: frame('indexPending') },
      { id: 5, callFrame: frame('(idle)') },
    ],
    // Samples 10 ms apart, the first 1 s after the profile began.
    samples: [5, 2, 3, 4, 4, 5, 5],
    timeDeltas: [1_000_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000],
    startTime: 5_000_000,
    endTime: 6_060_000,
  };
}

describe('start jobs in a CPU profile', () => {
  it("count a job's samples once however deep it calls itself, with when it first and last ran", () => {
    const jobs = startJobs(profile());
    expect(jobs.map((j) => j.says)).toEqual(['store: index backlog', 'store: place pinyin']);
    const [backlog, pinyin] = jobs;
    expect(backlog!.ms).toBeCloseTo(40);
    expect(backlog!.fromMs).toBeCloseTo(1010);
    expect(backlog!.toMs).toBeCloseTo(1040);
    expect(pinyin!.ms).toBeCloseTo(30);
    expect(pinyin!.fromMs).toBeCloseTo(1020);
  });

  it("times jobs from another thread's start, and leaves out those under the floor", () => {
    const text = formatStartJobs('warm', profile(), 4_000_000, 35);
    expect(text).toContain('store: index backlog');
    expect(text).toContain('2.01–2.04 s');
    expect(text).not.toContain('place pinyin');
    expect(formatStartJobs('warm', profile(), undefined, 1_000)).toBeNull();
  });

  it('split off what each job took before the page was live', () => {
    // Live 1.025 s after the profile began: the backlog's first two samples (1.01, 1.02 s), the pinyin's first (1.02 s).
    const [backlog, pinyin] = startJobs(profile(), undefined, undefined, 1025);
    expect(backlog!.beforeMs).toBeCloseTo(20);
    expect(pinyin!.beforeMs).toBeCloseTo(10);
    expect(formatStartJobs('warm', profile(), undefined, 20, 1025)).toContain('40 ms CPU,     20 ms before live');
    expect(busyBefore(profile(), profile().startTime, 1025)).toBeCloseTo(20);
  });
});
