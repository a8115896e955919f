import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a process tree has used so far, from /proc (Linux): what a start
 * costs the machine, whatever else runs on it. On two cores, a start that
 * needs C CPU-seconds cannot be live before C/2 s, however it is ordered.
 */

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

interface Proc {
  pid: number;
  ppid: number;
  cpuMs: number;
  cmdline: string;
}

function readProcs(): Proc[] {
  const procs: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: fields follow the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      procs.push({ pid: Number(entry), ppid, cpuMs: (ticks * 1000) / TICKS_PER_SECOND, cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  return procs;
}

/** CPU ms per process under `roots`, named by their Chromium `--type` (for a closer look). */
export function browserCpuByType(profileDir: string): Record<string, number> {
  const procs = readProcs();
  const roots = procs.filter((p) => p.cmdline.includes(profileDir) && !p.cmdline.includes('--type=')).map((p) => p.pid);
  const out: Record<string, number> = {};
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const visit = (pid: number) => {
    const p = byPid.get(pid);
    if (p) {
      const type = /--type=(\S+)/.exec(p.cmdline)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=(\S+)/.exec(p.cmdline)?.[1];
      const key = sub ? `${type}:${sub.split('.').pop()}` : type;
      out[key] = (out[key] ?? 0) + p.cpuMs;
    }
    for (const child of children.get(pid) ?? []) visit(child.pid);
  };
  for (const root of roots) visit(root);
  return out;
}

/** CPU ms used so far by `root` and every process under it. */
function treeCpuMs(procs: Proc[], roots: number[]): number {
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  let total = 0;
  const visit = (pid: number) => {
    total += byPid.get(pid)?.cpuMs ?? 0;
    for (const child of children.get(pid) ?? []) visit(child.pid);
  };
  for (const root of roots) visit(root);
  return total;
}

/**
 * CPU ms so far of the process `pid` (all its threads) and of the browser
 * whose command line names `profileDir` (its browser process and every
 * process under it: renderers, GPU, utilities). Linux only; null elsewhere.
 */
export function startCpuMs(pid: number, profileDir: string): { egretMs: number; browserMs: number } | null {
  if (process.platform !== 'linux') return null;
  const procs = readProcs();
  const browserRoots = procs
    .filter((p) => p.cmdline.includes(profileDir) && !p.cmdline.includes('--type='))
    .map((p) => p.pid);
  return { egretMs: treeCpuMs(procs, [pid]), browserMs: treeCpuMs(procs, browserRoots) };
}
