import { Worker } from 'node:worker_threads';
import type { Logger } from '../common/logger.ts';
import { realTimers, type Timers } from '../common/timers.ts';
import type { DemoThreadData, DemoThreadMessage } from './demo-worker.ts';

/** The thread's script: the bundled one in a build (cli/paths.ts), else the sources through tsx. */
export const SOURCE_DEMO_SCRIPT = new URL('./demo-worker-entry.mjs', import.meta.url);

/**
 * How long a closing demo gets to keep its city and say goodbye to its
 * consoles before its thread is stopped. Keeping a city takes well under a
 * second at rate 1 and a few seconds for a full day at rate 20 (simulator/
 * kept/); stopped before it is written, the next start goes on from the last
 * minutely save (its consoles take a snapshot).
 */
const CLOSE_WAIT_MS = 6_000;

export interface DemoWhere {
  /** The platform's link URL. */
  url: string;
  /** Where camera streams come from. */
  mediaOrigin: string;
  /** Where attachments (/files/ID) come from. */
  filesOrigin: string;
}

export interface DemoThread {
  /** Where the demo listens: known before its city is built, so a page may load with its CSP meanwhile. */
  listening: Promise<DemoWhere>;
  /** The city is live: consoles may link. Rejects if the demo could not start. */
  ready: Promise<DemoWhere>;
  close(): Promise<void>;
}

/**
 * The embedded demo platform on a thread of its own. The demo is a whole
 * city — building it at start, its earlier hours in the background, every
 * change and snapshot it sends — and on the console's thread it took that
 * thread from everything else: at start the page waited for the city to be
 * built before it was even served, and the console took its snapshot while
 * the city serialised it and began its history on the same thread. A real
 * platform runs elsewhere; so does the demo now, and on two cores the
 * console opens its data dir, serves its page and takes its snapshot while
 * the city starts and sends it. The demo is reached as any platform is, by
 * its URL.
 */
export function startDemoThread(options: {
  logger: Logger;
  rate?: number;
  archiveDays?: number;
  scenarios?: string[];
  resourcesDir?: string;
  /** The console's clock (EGRET_CLOCK_START): the city runs on it. */
  clock?: Timers;
  script?: string | URL;
  /** Serve the media over HTTPS/HTTP2 with this key and certificate; plain HTTP without. */
  mediaCertificate?: { key: string; cert: string };
  /** The media server takes test faults (`POST /_fault`). */
  mediaFaults?: boolean;
  /** The media server's port when free; else any. */
  mediaPort?: number;
  /** Where the city is kept between starts (simulator/kept/). */
  stateDir?: string;
}): DemoThread {
  const clock = options.clock ?? realTimers;
  const data: DemoThreadData = {
    clockShiftMs: clock.now() - Date.now(),
    ...(options.mediaCertificate ? { mediaCertificate: options.mediaCertificate } : {}),
    ...(options.mediaFaults ? { mediaFaults: true } : {}),
    ...(options.mediaPort ? { mediaPort: options.mediaPort } : {}),
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    ...(options.rate !== undefined ? { rate: options.rate } : {}),
    ...(options.archiveDays !== undefined ? { archiveDays: options.archiveDays } : {}),
    ...(options.scenarios?.length ? { scenarios: options.scenarios } : {}),
    ...(options.resourcesDir !== undefined ? { resourcesDir: options.resourcesDir } : {}),
  };
  const worker = new Worker(options.script ?? SOURCE_DEMO_SCRIPT, { workerData: data });
  const listening = deferred<DemoWhere>();
  const ready = deferred<DemoWhere>();
  // Once settled, a promise stays as it is: a failure after the start only reaches the log.
  const fail = (error: Error) => {
    listening.reject(error);
    ready.reject(error);
  };
  let where: DemoWhere | null = null;
  let closing: Promise<void> | null = null;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      if (!closing) {
        fail(new Error(`the demo platform's thread ended (exit ${code})`));
        options.logger.error("the demo platform's thread ended", { code });
      }
      resolve();
    }),
  );
  const goodbye = new Promise<void>((resolve) =>
    worker.on('message', (message: DemoThreadMessage) => {
      if (message.type === 'listening') {
        where = { url: message.url, mediaOrigin: message.mediaOrigin, filesOrigin: message.filesOrigin };
        listening.resolve(where);
      } else if (message.type === 'ready') ready.resolve(where!);
      else if (message.type === 'failed') fail(new Error(`the demo platform did not start: ${message.error}`));
      else if (message.type === 'closed') resolve();
    }),
  );
  worker.on('error', (error) => {
    fail(new Error(`the demo platform failed: ${error.message}`));
    options.logger.error('the demo platform failed', { error: String(error.stack ?? error) });
  });

  return {
    listening: listening.promise,
    ready: ready.promise,
    close() {
      closing ??= (async () => {
        if (exited) return;
        worker.postMessage({ type: 'close' });
        const timer = setTimeout(() => void worker.terminate(), CLOSE_WAIT_MS);
        await Promise.race([goodbye, exit]);
        clearTimeout(timer);
        await worker.terminate();
      })();
      return closing;
    },
  };
}

/** A promise with its settle functions; nobody need wait on it (an unheard rejection is not an error). */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
