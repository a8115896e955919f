import { spawn } from 'node:child_process';
import type { TestInfo } from '@playwright/test';
import { CLOCK_START_ENV } from '../../../native/common/clock.ts';
import { CALLS_PER_DAY } from '../../../native/simulator/city/categories.ts';
import { rateAt } from '../../../native/simulator/city/day-curve.ts';
import { EGRET_BIN, REPO_ROOT, isErrorResponse, waitForExit, type ApiSocket, type ResponseFrame, type RunningConsole } from './console.ts';

/**
 * Helpers for the demo platform end-to-end tests: `egret simulate` as a child
 * process, and checked shutdowns of everything a test started.
 */

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

type Exit = { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean };

/** One `egret simulate --port 0` child process. */
export interface RunningSimulator {
  /** `ws://127.0.0.1:P/link/v1`, the first stdout line. */
  url: string;
  /** Its process (a test may pause it with SIGSTOP: a platform that takes connections and answers nothing). */
  pid: number;
  /** Everything after the first line on stdout (the tokens line…). */
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<Exit>;
}

/** Starts `egret simulate --port 0 [...extraArgs]` (with `env` added) and reads the link URL from its first stdout line. */
export async function startSimulator(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<RunningSimulator> {
  const child = spawn(process.execPath, [EGRET_BIN, 'simulate', '--port', '0', ...extraArgs], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));

  let firstLine: string;
  try {
    firstLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`egret simulate printed no URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const check = () => {
        const newline = stdout.indexOf('\n');
        if (newline < 0) return;
        done();
        resolve(stdout.slice(0, newline).trim());
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        done();
        reject(new Error(`egret simulate exited before printing its URL (code ${code}, signal ${signal})`));
      };
      const done = () => {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.off('exit', onExit);
      };
      child.stdout!.on('data', check);
      child.once('exit', onExit);
      check();
    });
  } catch (error) {
    child.kill('SIGKILL');
    await waitForExit(child, STOP_TIMEOUT_MS);
    throw new Error(`${(error as Error).message}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`);
  }
  if (!/^ws:\/\/127\.0\.0\.1:\d+\/link\/v1$/.test(firstLine)) {
    child.kill('SIGKILL');
    await waitForExit(child, STOP_TIMEOUT_MS);
    throw new Error(`egret simulate's first stdout line is not ws://127.0.0.1:P/link/v1: ${JSON.stringify(firstLine)}\n${stderr}`);
  }

  let stopped: Promise<Exit> | null = null;
  return {
    url: firstLine,
    pid: child.pid!,
    stdout: () => stdout.slice(stdout.indexOf('\n') + 1),
    stderr: () => stderr,
    stop: () => {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        const outcome = await waitForExit(child, STOP_TIMEOUT_MS);
        if (outcome.timedOut) {
          child.kill('SIGKILL');
          await waitForExit(child, STOP_TIMEOUT_MS);
        }
        return outcome;
      })();
      return stopped;
    },
  };
}

/**
 * Stops every process (in the order given), attaches the stderr of each on a
 * failed test or a bad exit, and throws when one did not exit by itself with
 * code 0 after SIGTERM.
 */
export async function stopAll(
  testInfo: TestInfo | null,
  processes: { name: string; proc: { stop(): Promise<Exit>; stderr(): string } | null | undefined }[],
): Promise<void> {
  const problems: string[] = [];
  for (const { name, proc } of processes) {
    if (!proc) continue;
    const outcome = await proc.stop();
    const bad = outcome.timedOut || outcome.code !== 0;
    if (testInfo && (bad || testInfo.status !== testInfo.expectedStatus)) {
      await testInfo.attach(`${name}.stderr`, { body: proc.stderr(), contentType: 'text/plain' });
    }
    if (outcome.timedOut) problems.push(`${name} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
    else if (outcome.code !== 0) problems.push(`${name} exited with code ${outcome.code} (signal ${outcome.signal}) after SIGTERM`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** `result` of an ok response; throws with the whole frame otherwise. */
export function okResult<T = unknown>(frame: ResponseFrame): T {
  if (isErrorResponse(frame)) throw new Error(`expected an ok response, got ${JSON.stringify(frame)}`);
  return frame.result as T;
}

/** Calls `method` and returns its result (throws on an error response). */
export async function callOk<T = unknown>(api: ApiSocket, method: string, params: unknown = {}): Promise<T> {
  return okResult<T>(await api.call(method, params));
}

export type { RunningConsole };

// ── how busy the demo city is ───────────────────────────────────────────────

/** The demo city's time zone (its calls follow its day curve there). */
export const DEMO_TZ = 'Asia/Shanghai';

/** The demo city's load multiplier in these tests, so that nights are busy enough to watch. */
export const DEMO_RATE = 20;

/** Calls the demo city (at DEMO_RATE) is expected to receive per minute at `ms`, from its own day curve. */
export function expectedCallsPerMinute(ms: number): number {
  const perDay = Object.values(CALLS_PER_DAY).reduce((a, b) => a + b, 0);
  return rateAt(ms, DEMO_TZ, perDay) * 60_000 * DEMO_RATE;
}

// ── the city's time ─────────────────────────────────────────────────────────

/** The day the demo tests live in (a Saturday); any day would do, one fixed day makes runs comparable. */
export const DEMO_DAY = '2026-11-28';

/**
 * A demo started at `time` (HH:MM) of DEMO_DAY in the city's zone rather than
 * at whatever hour the test happens to run: `env` goes to the processes
 * (EGRET_CLOCK_START, test use only), `at` is that instant, and `pageTime()`
 * is the same clock now, for the page's own (`page.clock.install`).
 */
export function cityClock(time: string): { at: number; env: Record<string, string>; pageTime(): number } {
  const iso = `${DEMO_DAY}T${time}:00+08:00`;
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) throw new Error(`cityClock: "${time}" is not HH:MM`);
  const startedAt = Date.now();
  return { at, env: { [CLOCK_START_ENV]: iso }, pageTime: () => at + (Date.now() - startedAt) };
}
