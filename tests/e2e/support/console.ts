import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import WebSocket from 'ws';
import type { ApiErrorBody, HostFrame, MethodName } from '../../../native/api/index.ts';
import { seedDemoMediaCertificate } from './demo-media-cert.ts';

/** The repository root (this file is tests/e2e/support/console.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const EGRET_BIN = join(REPO_ROOT, 'bin', 'egret.mjs');

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** One `egret serve` child process, as the tests see it. */
export interface ServedConsole {
  /** The URL the CLI printed, token included. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** Everything the server wrote to stderr so far (its JSON log lines). */
  stderr(): string;
}

export interface RunningConsole extends ServedConsole {
  /** SIGTERM, then waits for the exit; resolves with how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>;
}

/** Resolves when the child exits, or with `timedOut` after `timeoutMs`. */
export function waitForExit(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode, timedOut: false });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve({ code: null, signal: null, timedOut: true });
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut: false });
    };
    child.once('exit', onExit);
  });
}

/**
 * Starts `egret serve --port 0 --data <fresh tmp dir>` and reads the URL from
 * its first stdout line. `env` adds to the test's environment (e.g. the
 * EGRET_CLOCK_START of `cityClock`). With `options.dataDir` it serves that
 * data dir instead (a restart of an earlier console: start it with
 * `keepData`, so stopping it leaves its dir for the next), and the caller
 * removes the dir. The demo has no archive unless `extraArgs` says
 * `--demo-archive-days`; `--demo-scenario cluster` plants a cluster whose 4th
 * incident comes about a minute after the start.
 */
export async function startConsole(
  extraArgs: string[] = [],
  env: Record<string, string> = {},
  options: { dataDir?: string; keepData?: boolean } = {},
): Promise<RunningConsole> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'egret-e2e-'));
  // The demo's media over TLS with the certificate the tests' Chromium trusts (demo-media-cert.ts).
  seedDemoMediaCertificate(dataDir);
  // The demo's archive (issue 14) is four weeks by default, ~170,000 changes after the day's history: none here unless
  // the test asks (--demo-archive-days; the warnings spec takes two days), so a test's console is not busy taking it —
  // under the CI's load two days in every test made other specs' waits run out.
  const archive = extraArgs.includes('--demo-archive-days') ? [] : ['--demo-archive-days', '0'];
  const child = spawn(process.execPath, [EGRET_BIN, 'serve', '--port', '0', '--data', dataDir, ...archive, ...extraArgs], {
    cwd: REPO_ROOT,
    env: { ...process.env, EGRET_LOG: process.env.EGRET_LOG ?? 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const cleanupDir = () => {
    if (options.dataDir === undefined && !options.keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  let firstLine: string;
  try {
    firstLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`egret serve printed no URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const onData = (chunk: string) => {
        stdout += chunk;
        const newline = stdout.indexOf('\n');
        if (newline < 0) return;
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        resolve(stdout.slice(0, newline).trim());
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        reject(new Error(`egret serve exited before printing its URL (code ${code}, signal ${signal})`));
      };
      child.stdout!.setEncoding('utf8').on('data', onData);
      child.once('exit', onExit);
    });
  } catch (error) {
    child.kill('SIGKILL');
    await waitForExit(child, STOP_TIMEOUT_MS);
    cleanupDir();
    throw new Error(`${(error as Error).message}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`);
  }
  // Anything printed later is not part of the contract; keep draining so the pipe never blocks.
  child.stdout!.resume();

  const match = /^(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)$/.exec(firstLine);
  if (!match) {
    child.kill('SIGKILL');
    await waitForExit(child, STOP_TIMEOUT_MS);
    cleanupDir();
    throw new Error(
      `egret serve's first stdout line is not http://127.0.0.1:PORT/?token=…: ${JSON.stringify(firstLine)}\n--- stderr ---\n${stderr}`,
    );
  }

  let stopped: ReturnType<RunningConsole['stop']> | null = null;
  return {
    url: firstLine,
    origin: match[1],
    port: Number(match[2]),
    token: match[3],
    dataDir,
    stderr: () => stderr,
    stop: () => {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        const outcome = await waitForExit(child, STOP_TIMEOUT_MS);
        if (outcome.timedOut) {
          child.kill('SIGKILL');
          await waitForExit(child, STOP_TIMEOUT_MS);
        }
        cleanupDir();
        return outcome;
      })();
      return stopped;
    },
  };
}

/**
 * `egret`: a fresh `egret serve` per test. After the test it is stopped with
 * SIGTERM and must exit by itself with code 0; its stderr is attached to a
 * failed test.
 */
export const test = base.extend<{ egret: ServedConsole }>({
  // eslint-disable-next-line no-empty-pattern
  egret: async ({}, use, testInfo) => {
    const running = await startConsole();
    let outcome: Awaited<ReturnType<RunningConsole['stop']>>;
    try {
      await use(running);
    } finally {
      outcome = await running.stop();
      if (testInfo.status !== testInfo.expectedStatus || outcome.timedOut || outcome.code !== 0) {
        await testInfo.attach('egret-serve.stderr', { body: running.stderr(), contentType: 'text/plain' });
      }
    }
    if (outcome.timedOut) throw new Error(`egret serve did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n${running.stderr()}`);
    if (outcome.code !== 0) {
      throw new Error(`egret serve exited with code ${outcome.code} (signal ${outcome.signal}) after SIGTERM\n${running.stderr()}`);
    }
  },
});

export { expect } from '@playwright/test';

// ── the CLI ─────────────────────────────────────────────────────────────────

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `egret ARGS` to completion (killed after `timeoutMs`, which then counts as a failure). */
export function runEgret(args: string[], timeoutMs = 30_000): Promise<CliRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'egret-e2e-cli-'));
  const child = spawn(process.execPath, [EGRET_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, EGRET_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

// ── plain HTTP ──────────────────────────────────────────────────────────────

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET with the path sent exactly as given (no normalisation) and optional header overrides (Host…). */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// ── the console API over a raw WebSocket ────────────────────────────────────

export type ResponseFrame = Extract<HostFrame, { type: 'response' }>;
export type EventFrame = Extract<HostFrame, { type: 'event' }>;
export type ErrorResponse = { type: 'response'; id: number | null; ok: false; error: ApiErrorBody };

const FRAME_TIMEOUT_MS = 10_000;

/** An open API connection; every frame the host sends is kept in `frames`. */
export class ApiSocket {
  readonly frames: HostFrame[] = [];
  /** Frames from the host that were not JSON text (there should never be any). */
  readonly protocolErrors: string[] = [];
  private nextId = 1;
  private readonly waiters = new Set<() => void>();
  private closedFlag = false;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      try {
        if (isBinary) throw new Error('binary frame');
        this.frames.push(JSON.parse(data.toString('utf8')) as HostFrame);
      } catch (error) {
        this.protocolErrors.push(`the host sent a frame that is not JSON text: ${String(error)}`);
      }
      for (const wake of [...this.waiters]) wake();
    });
    ws.on('close', () => {
      this.closedFlag = true;
      for (const wake of [...this.waiters]) wake();
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Waits for the first frame at index ≥ `from` that matches. */
  waitForFrame<F extends HostFrame>(match: (frame: HostFrame) => frame is F, from = 0, timeoutMs = FRAME_TIMEOUT_MS): Promise<F> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.frames.slice(from).find(match);
        if (found) {
          done();
          resolve(found);
          return true;
        }
        if (this.closedFlag) {
          done();
          reject(new Error('the API socket closed while waiting for a frame'));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching frame within ${timeoutMs} ms; received: ${JSON.stringify(this.frames.slice(from))}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = () => void check();
      this.waiters.add(wake);
      check();
    });
  }

  /** Sends a request frame (params default to `{}`, as the renderer sends them) and resolves with its response. */
  async call(method: MethodName | (string & {}), params: unknown = {}): Promise<ResponseFrame> {
    return this.request({ method, params });
  }

  /** Sends `{type: 'request', id, ...fields}` exactly as given (a missing key stays missing) and resolves with its response. */
  async request(fields: Record<string, unknown>): Promise<ResponseFrame> {
    const id = this.nextId++;
    const from = this.frames.length;
    this.ws.send(JSON.stringify({ type: 'request', id, ...fields }));
    return this.waitForFrame((f): f is ResponseFrame => f.type === 'response' && f.id === id, from);
  }

  /** Sends `data` as is (text unless it is a Buffer) and resolves with the next response with that id (none by default). */
  async sendRaw(data: string | Buffer, id: number | null = null): Promise<ResponseFrame> {
    const from = this.frames.length;
    this.ws.send(data, { binary: Buffer.isBuffer(data) });
    return this.waitForFrame((f): f is ResponseFrame => f.type === 'response' && f.id === id, from);
  }

  subscribe(topic: string): void {
    this.ws.send(JSON.stringify({ type: 'subscribe', topic }));
  }

  events(topic: string): unknown[] {
    return this.frames.filter((f): f is EventFrame => f.type === 'event' && f.topic === topic).map((f) => f.data);
  }

  close(): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000, 'test done');
    });
  }
}

export interface Refused {
  refused: true;
  status: number;
}

export interface OpenApiOptions {
  /** Put in `?token=`; null leaves the parameter out. */
  token: string | null;
  /** The `Origin` header; null sends none. */
  origin: string | null;
  /** Overrides the `Host` header. */
  host?: string;
}

/** Opens `ws://127.0.0.1:PORT/api`; resolves with the socket, or with the HTTP status the upgrade was refused with. */
export function openApi(port: number, options: OpenApiOptions): Promise<ApiSocket | Refused> {
  const query = options.token === null ? '' : `?token=${encodeURIComponent(options.token)}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api${query}`, {
    ...(options.origin === null ? {} : { origin: options.origin }),
    ...(options.host ? { headers: { host: options.host } } : {}),
    handshakeTimeout: FRAME_TIMEOUT_MS,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new ApiSocket(ws)));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ refused: true, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    // Stays attached: a refused or terminated socket may report an error after we resolved.
    ws.on('error', (error) => reject(error));
  });
}

/**
 * The page's own origin and the right token: what the served page itself does.
 *
 * A connection that comes while the console takes its platform's first
 * snapshot waits in its handshake (the host holds it at most 4 s, by its
 * timer); on the busy 2-core machine that timer may fire after the client's
 * 10-s handshake limit. Like a window, this asks again then — on a handshake
 * timeout only, three tries in all: a console that never answers still fails.
 */
export async function openTrustedApi(egret: ServedConsole): Promise<ApiSocket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openTrustedApiOnce(egret);
    } catch (error) {
      if (attempt === 3 || !/handshake has timed out/.test(String(error))) throw error;
    }
  }
}

async function openTrustedApiOnce(egret: ServedConsole): Promise<ApiSocket> {
  const result = await openApi(egret.port, { token: egret.token, origin: egret.origin });
  if ('refused' in result)
    throw new Error(`the API refused a same-origin connection with the right token (HTTP ${result.status})\n${egret.stderr()}`);
  return result;
}

export function isErrorResponse(frame: ResponseFrame): frame is ErrorResponse & ResponseFrame {
  return frame.ok === false;
}
