/**
 * The platform side of the load benchmark (bench/load.bench.ts), in its own
 * process as in production (another machine). It is `egret simulate --port 0
 * --rate R --volunteers N --load` — the same `startDemoPlatform` call with the
 * same options, and the same first stdout line (the link URL) — plus a side
 * channel over IPC that says WHEN the platform made each change:
 *
 *  - every appended log entry: its seq and the time it was logged;
 *  - every positions frame published: a key of its first item, its size and
 *    the time it was published;
 *  - `clock` requests, so the bench can check both processes read the same
 *    clock (they do: same host; the round trip bounds the error).
 *
 * Times are `performance.timeOrigin + performance.now()` (epoch ms with
 * sub-ms precision), as in the bench. Flushed every 50 ms.
 *
 * Usage (forked by the bench): bin/run-ts.mjs bench/load-platform.ts --rate 20 --volunteers 10000 [--seed 1] [--history-hours H]
 */
import { startDemoPlatform } from '../native/simulator/demo.ts';

function option(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

const now = () => performance.timeOrigin + performance.now();

export interface PlatformReport {
  /** seqs logged since the last report, and when. */
  seqs: number[];
  times: number[];
  /** positions frames published since the last report. */
  frames: { key: string; n: number; t: number }[];
  head: number;
  positionsPublished: number;
}

/** The key the bench matches a received positions frame by (its first item); load.bench.ts has the same. */
const positionKey = (p: { id: string; lat: number; lng: number; ts: string }) => `${p.id}|${p.ts}|${p.lat}|${p.lng}`;

const demo = await startDemoPlatform({
  port: 0,
  seed: option('seed') ?? 1,
  rate: option('rate') ?? 20,
  volunteersOnDuty: option('volunteers') ?? 10_000,
  load: true,
  ...(option('history-hours') !== undefined ? { historyHours: option('history-hours')! } : {}),
  ...(process.argv.includes('--city-tz') ? { cityTz: process.argv[process.argv.indexOf('--city-tz') + 1] } : {}),
});
const { platform, city } = demo;

let report: PlatformReport = { seqs: [], times: [], frames: [], head: platform.head, positionsPublished: 0 };
let positionsPublished = 0;

platform.on('change', ({ change }: { change: { seq: number } }) => {
  report.seqs.push(change.seq);
  report.times.push(now());
});

// The city calls platform.publishPositions(items) each tick; frames are slices of 2,000 (server.ts).
const publish = platform.publishPositions.bind(platform);
platform.publishPositions = (items: object[]) => {
  const t = now();
  for (let i = 0; i < items.length; i += 2000) {
    const slice = items.slice(i, i + 2000) as { id: string; lat: number; lng: number; ts: string }[];
    report.frames.push({ key: positionKey(slice[0]!), n: slice.length, t });
  }
  positionsPublished += items.length;
  publish(items);
};

const flush = setInterval(() => {
  if (!process.connected) return;
  report.head = platform.head;
  report.positionsPublished = positionsPublished;
  process.send!({ report });
  report = { seqs: [], times: [], frames: [], head: platform.head, positionsPublished };
}, 50);

process.on('message', async (msg: { op: string; id: number }) => {
  if (msg.op === 'clock') process.send!({ id: msg.id, clock: now() });
  if (msg.op === 'close') {
    clearInterval(flush);
    await demo.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

// The day's earlier hours follow the demo's start in the background (city/history.ts; with no console
// linked they start after a few seconds): the console links once they are in, so the run measures the
// live link — as before the history went to the background — not thousands of history changes.
await city.historyLoaded;
process.stdout.write(platform.url + '\n');
const s = city.stats();
process.stderr.write(
  `load platform: rate ${option('rate') ?? 20}; ${s.calls} calls and ${s.incidents} incidents since ${new Date(s.historyFrom).toISOString()}; ` +
    `${s.volunteersOnDuty} volunteers on duty (~${s.positionsPerSecond} positions/s); head ${platform.head}\n`,
);
