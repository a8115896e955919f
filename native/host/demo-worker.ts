import { parentPort, workerData } from 'node:worker_threads';
import { clockStartingAt } from '../common/clock.ts';
import { createLogger } from '../common/logger.ts';
import { startDemoPlatform, type DemoPlatform } from '../simulator/demo.ts';
import { volunteerAnswersFromEnv } from './demo-answers.ts';

/**
 * The embedded demo platform's thread (demo-thread.ts starts it and says
 * why). It starts the demo, says where it listens as soon as it does and
 * when its city is live, and closes it when asked.
 */

export interface DemoThreadData {
  rate?: number;
  /** Days of archive behind the city's day (DemoOptions.archiveDays). */
  archiveDays?: number;
  /** Scenario switches (DemoOptions.scenarios). */
  scenarios?: string[];
  resourcesDir?: string;
  /** The console's clock minus Date.now(): the city runs on the console's clock to the millisecond (EGRET_CLOCK_START). */
  clockShiftMs: number;
  /** Serve the media over HTTPS/HTTP2 with this key and certificate (the one kept in the data dir); plain HTTP without. */
  mediaCertificate?: { key: string; cert: string };
  /** The media server takes test faults (EGRET_DEMO_MEDIA_FAULTS=1). */
  mediaFaults?: boolean;
  /** The media server's port when free (the last start's, kept in the data dir); else any. */
  mediaPort?: number;
  /** Where the city is kept between starts (`<data dir>/demo/`): the next start goes on with it. */
  stateDir?: string;
}

export type DemoThreadMessage =
  | { type: 'listening'; url: string; mediaOrigin: string; filesOrigin: string }
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'closed' };

const data = workerData as DemoThreadData;
const port = parentPort!;
const tell = (message: DemoThreadMessage) => port.postMessage(message);

let demo: DemoPlatform | null = null;
// The thread shares the console's environment; a bad test setting fails the demo's start with its name.
const started = Promise.resolve()
  .then(() => volunteerAnswersFromEnv(process.env))
  .then((volunteerAnswers) =>
    startDemoPlatform({
      logger: createLogger(),
      clock: clockStartingAt(Date.now() + data.clockShiftMs),
      ...(data.rate !== undefined ? { rate: data.rate } : {}),
      ...(data.archiveDays !== undefined ? { archiveDays: data.archiveDays } : {}),
      ...(data.scenarios?.length ? { scenarios: data.scenarios } : {}),
      ...(data.resourcesDir !== undefined ? { resourcesDir: data.resourcesDir } : {}),
      ...(data.mediaCertificate ? { mediaTls: true, mediaCertificate: data.mediaCertificate } : {}),
      mediaFaults: data.mediaFaults ?? false,
      ...(data.mediaPort ? { mediaPort: data.mediaPort } : {}),
      ...(data.stateDir ? { stateDir: data.stateDir } : {}),
      listening: (where) => tell({ type: 'listening', ...where }),
      ...(volunteerAnswers ? { volunteerAnswers } : {}),
    }),
  )
  .then(
    (platform) => {
      demo = platform;
      tell({ type: 'ready' });
    },
    (error: unknown) => tell({ type: 'failed', error: String((error as Error)?.stack ?? error) }),
  );

port.on('message', (message: { type: 'close' }) => {
  if (message.type !== 'close') return;
  void started
    .then(() => demo?.close())
    .catch(() => undefined)
    .then(() => {
      tell({ type: 'closed' });
      port.close();
    });
});
