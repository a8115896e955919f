import { afterEach, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../../native/common/clock.ts';
import { silentLogger } from '../../native/common/logger.ts';
import type { Timers } from '../../native/common/timers.ts';
import { startChosenPlatform, type PlatformStarting } from '../../native/host/embedded-demo.ts';
import { createConsoleRuntime, openConsoleData, type ConsoleRuntime } from '../../native/host/runtime.ts';
import type { PlatformLink } from '../../native/link/platform-link.ts';
import { RawClient, type SeenFrame } from '../../native/simulator/raw-client.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitUntil } from '../support/wait.ts';

// `egret start`/`serve` with no platform: the embedded demo on its thread and
// the console linked to it, stopped cleanly and started again in the same
// data dir. The demo goes on with the city it kept (issue 10): what the
// operator filed is still there, on the platform and in the console's cache,
// and the console resumes from its cursor instead of taking a new snapshot.

/** Saturday 2026-11-28 09:30 in Xiamen. */
const T0 = Date.parse('2026-11-28T09:30:00+08:00');
const TITLE = '小区门口有人长时间徘徊';

interface Started {
  platform: PlatformStarting;
  runtime: ConsoleRuntime;
  url: string;
  resumes: string[];
}
const running: Started[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of running.splice(0)) await stop(s);
});

/** What `egret serve` starts: the demo on its thread, the console's core on the demo's data dir, linked to it. */
async function start(dataDir: string, clock: Timers): Promise<Started> {
  const platform = startChosenPlatform(null, dataDir, { demo: true, logger: silentLogger, mediaTls: false, clock });
  const where = await platform.where;
  const data = await openConsoleData({ shell: 'browser', dataDir: platform.dataDir });
  const runtime = await createConsoleRuntime({
    shell: 'browser',
    dataDir: platform.dataDir,
    data,
    version: 'test',
    logger: silentLogger,
    platform: where.platform,
    clock,
  });
  const resumes: string[] = [];
  // No welcome can have come yet: the link connected in this turn at the earliest.
  (runtime.link as PlatformLink).on('welcome', (w: { resume: string }) => resumes.push(w.resume));
  const started = { platform, runtime, url: where.platform!.url, resumes };
  running.push(started);
  await platform.started;
  await waitUntil(() => runtime.link.status().state === 'live', 30_000, 'the link live');
  return started;
}

async function stop(s: Started): Promise<void> {
  await s.runtime.close();
  await s.platform.close();
}

async function rawCommand(url: string, id: string, name: string, args: unknown): Promise<{ result: SeenFrame; client: RawClient }> {
  const client = await RawClient.connect(url);
  clients.push(client);
  client.hello('demo-chief', null);
  await client.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 30_000 });
  client.command(id, name, args);
  return { result: await client.waitFor((f) => f.t === 'result' && f.id === id, { timeoutMs: 10_000 }), client };
}

function cachedByTitle(runtime: ConsoleRuntime): { id: string; title: string }[] {
  return (runtime.data.cache.db.prepare('SELECT data FROM incident').all() as { data: string }[])
    .map((r) => JSON.parse(r.data) as { id: string; title: string })
    .filter((i) => i.title === TITLE);
}

describe('the embedded demo kept between starts', { timeout: 180_000 }, () => {
  it("goes on with the operator's incident; the console resumes by replay; a re-sent command is answered once", async () => {
    const dataDir = tempDir('kept-console');
    const wallAtFirst = Date.now();
    const first = await start(dataDir, clockStartingAt(T0));
    expect(first.resumes[0]).toBe('snapshot');

    // Filed through the console API, as a window does.
    const sent = await first.runtime.host.call(
      'command.send',
      {
        name: 'incident.create',
        args: { source: '110', category: 'public_order.loitering', priority: 3, title: TITLE, lat: 24.4795, lng: 118.0894 },
      },
      { label: 'test' },
    );
    expect(sent).toMatchObject({ result: { name: 'incident.create' } });
    await waitUntil(() => cachedByTitle(first.runtime).length === 1, 15_000, "the console's incident in its cache");
    const [incident] = cachedByTitle(first.runtime);
    // A command applied whose result a console would re-send after the restart (spec §7).
    const note = await rawCommand(first.url, 'note-once', 'incident.note', { incident: incident!.id, text: '已联系物业' });
    expect(note.result.ok).toBe(true);
    await note.client.close();
    await waitUntil(() => first.runtime.data.cache.cursor()! >= (note.result.seq as number), 15_000, 'the note in the cache');
    const cursorAtClose = first.runtime.data.cache.cursor();
    const [asClosed] = cachedByTitle(first.runtime);
    running.splice(running.indexOf(first), 1);
    await stop(first);

    // Started again in the same data dir, its clock where the first one's stood plus the time between.
    const second = await start(dataDir, clockStartingAt(T0 + (Date.now() - wallAtFirst)));
    expect(second.resumes[0]).toBe('replay');
    expect(second.runtime.data.cache.cursor()).toBeGreaterThanOrEqual(cursorAtClose!);
    expect(cachedByTitle(second.runtime)).toEqual([asClosed]);

    // On the platform too, and the note re-sent is answered with its first result, not applied twice.
    const again = await rawCommand(second.url, 'note-once', 'incident.note', { incident: incident!.id, text: '已联系物业' });
    expect(again.result).toEqual(note.result);
    const snapshot = again.client.frames
      .filter((f) => f.t === 'snapshot')
      .flatMap((f) => f.items as { kind: string; data: Record<string, unknown> }[]);
    expect(snapshot.filter((i) => i.kind === 'incident' && i.data.title === TITLE).map((i) => i.data.id)).toEqual([incident!.id]);
    const notes = snapshot.filter((i) => i.kind === 'incident_event' && i.data.incident === incident!.id && i.data.text === '已联系物业');
    expect(notes).toHaveLength(1);
  });
});
