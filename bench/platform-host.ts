/**
 * Runs the platform test server (`startPlatform`) in its own process for the
 * link benchmark, driven over IPC by bench/link.bench.ts. In production the
 * platform is another machine; in the bench process it would take CPU from
 * the console's single JS thread and distort the console's figures.
 *
 * Requests: {id, op, ...args}; replies: {id, ok, value | error}.
 */
import { servePlatformHost } from './remote-platform.ts';
import { startPlatform, type Platform } from '../native/simulator/index.ts';
import { makeCamera, makeIncident, type IncidentTimes } from './gen.ts';

type Request =
  | { id: number; op: 'start'; options: Parameters<typeof startPlatform>[0] }
  | { id: number; op: 'head' }
  | { id: number; op: 'upsertIncidents'; from: number; count: number; prefix: string; times?: IncidentTimes }
  | { id: number; op: 'bulkLoad'; incidents: number; cameras: number; prefix: string }
  | { id: number; op: 'stats' }
  | { id: number; op: 'close' };

let platform: Platform | null = null;

const progress = (message: string) => process.send!({ progress: message });

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'start':
      platform = await startPlatform(req.options);
      return { url: platform.url, head: platform.head };
    case 'head':
      return platform!.head;
    case 'upsertIncidents': {
      const t0 = performance.now();
      for (let i = 0; i < req.count; i++) {
        platform!.upsert('incident', makeIncident(req.from + i, req.prefix, 7, req.times));
        if ((i + 1) % 50_000 === 0) progress(`platform: ${i + 1} of ${req.count} upserts logged`);
      }
      return { head: platform!.head, ms: performance.now() - t0 };
    }
    case 'bulkLoad': {
      const t0 = performance.now();
      const incidents: Record<string, unknown>[] = new Array(req.incidents);
      for (let i = 0; i < req.incidents; i++) incidents[i] = makeIncident(i, req.prefix);
      progress(`platform: ${req.incidents} incidents generated`);
      platform!.bulkLoad('incident', incidents, { validate: false });
      const cameras: Record<string, unknown>[] = [];
      for (let i = 0; i < req.cameras; i++) cameras.push(makeCamera(i));
      platform!.bulkLoad('camera', cameras, { validate: false });
      return { head: platform!.head, ms: performance.now() - t0 };
    }
    case 'stats':
      return platform!.openSessions.map((s) => ({ windowStalls: s.windowStalls, framesSent: s.framesSent, maxUnacked: s.maxUnacked }));
    case 'close':
      await platform?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

servePlatformHost<Request>(handle);
