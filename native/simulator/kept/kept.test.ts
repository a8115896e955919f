import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../common/logger.ts';
import { FakeTimers } from '../../common/timers.ts';
import { ENTITY_KINDS } from '../../protocol/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { camera } from '../../../tests/support/entities.ts';
import { waitUntil } from '../../../tests/support/wait.ts';
import { emptyStats } from '../city/context.ts';
import type { KeptCity } from '../city/city.ts';
import { startDemoPlatform, type DemoOptions, type DemoPlatform } from '../demo.ts';
import { RawClient, type SeenFrame } from '../raw-client.ts';
import { startPlatform, type Platform } from '../server.ts';
import {
  KEPT_FILE_V1,
  KEPT_FORMAT,
  KEPT_VERSION,
  keepPlatform,
  keptFile,
  readKeptState,
  restoreEntities,
  restorePlatform,
  runningFile,
  writeKeptState,
  type CityShape,
} from './index.ts';

// The demo city kept between runs (issue 10: a warm start goes on with the
// city instead of building a new one; nothing an operator did is lost).

/** Saturday 2026-11-28 09:30 in Xiamen. */
const T0 = Date.parse('2026-11-28T09:30:00+08:00');
const SHAPE: CityShape = { seed: 1, rate: 1, load: false, tz: 'Asia/Shanghai', volunteersOnDuty: 200 };
/** Filed by a console; a title the city itself never uses. */
const THEFT = { source: '110', category: 'criminal.theft', priority: 2, title: '停在楼下的电动车不见了', lat: 24.4795, lng: 118.0894 };
const filedByConsole = (platform: Platform) => platform.exportState('incident').filter((i) => i.title === THEFT.title);

const demos: DemoPlatform[] = [];
const platforms: Platform[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const d of demos.splice(0)) await d.close();
  for (const p of platforms.splice(0)) await p.close();
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const note = (message: string, fields?: Record<string, unknown>) => lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: note, info: note, warn: note, error: note };
}

/** The embedded demo as `egret start` runs it, on a fake clock, without media; its city kept in `dir`. */
async function demo(dir: string, clock: FakeTimers, extra: Partial<DemoOptions> = {}): Promise<DemoPlatform> {
  const started = await startDemoPlatform({
    clock,
    stateDir: dir,
    mediaBase: 'http://media.test',
    historyHours: 1,
    volunteersOnDuty: SHAPE.volunteersOnDuty!,
    ...extra,
  });
  demos.push(started);
  return started;
}

async function close(d: DemoPlatform): Promise<void> {
  demos.splice(demos.indexOf(d), 1);
  await d.close();
}

async function linked(url: string, cursor: number | null): Promise<{ client: RawClient; welcome: SeenFrame }> {
  const client = await RawClient.connect(url);
  clients.push(client);
  client.hello('demo-chief', cursor);
  const welcome = await client.waitForType('welcome');
  return { client, welcome };
}

async function command(client: RawClient, id: string, name: string, args: unknown): Promise<SeenFrame> {
  const from = client.frames.length;
  client.command(id, name, args);
  return client.waitFor((f) => f.t === 'result' && f.id === id, { from });
}

/** The head seq the kept file in `dir` says (its first line). */
const keptHeadSeq = (dir: string) =>
  (JSON.parse(readFileSync(keptFile(dir), 'utf8').split('\n', 1)[0]!) as { platform: { head: number } }).platform.head;

const everything = (platform: Platform) => Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, platform.exportState(kind)]));

describe("the platform's kept state", () => {
  it('round-trips through the file: entities, tombstones, head, the log tail, the command ledger, attachments', async () => {
    const dir = tempDir('kept-platform');
    const platform = await startPlatform();
    platforms.push(platform);
    platform.log.clear(5_000);
    for (let i = 1; i <= 30; i++) {
      const { rev: _rev, ...data } = camera(`cam-${i}`, 1);
      platform.upsert('camera', data);
    }
    platform.remove('camera', 'cam-7');
    const { client } = await linked(platform.url, null);
    await client.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const created = await command(client, 'c-1', 'incident.create', THEFT);
    expect(created.ok).toBe(true);
    await command(client, 'c-2', 'incident.attach', {
      incident: platform.exportState('incident')[0]!.id,
      kind: 'photo',
      data_base64: 'iVBORw0KGgo=',
      mime: 'image/png',
    });

    const city: KeptCity = {
      time: T0,
      historyFrom: T0,
      ids: { incident: 0, event: 0, call: 0, attachment: 0 },
      stats: emptyStats(),
      plans: [],
      history: { yesterday: null, today: [] },
      blockedRoads: [],
      tasks: [],
      archive: null,
    };
    await writeKeptState(dir, {
      format: KEPT_FORMAT,
      version: KEPT_VERSION,
      shape: SHAPE,
      clean: true,
      savedAt: '',
      platform: keepPlatform(platform),
      city,
    });
    const read = await readKeptState(dir, { shape: SHAPE, now: T0, logger: recordingLogger() });
    expect(read).not.toBeNull();

    const again = await startPlatform();
    platforms.push(again);
    restorePlatform(again, read!.head.platform);
    for await (const group of read!.entities()) restoreEntities(again, group);
    await read!.close();
    expect(everything(again)).toEqual(everything(platform));
    expect(again.head).toBe(platform.head);
    expect(again.log.tombstone('camera', 'cam-7')).toBe(platform.log.tombstone('camera', 'cam-7'));
    for (let seq = again.log.oldestSeq; seq <= again.head; seq++) expect(again.log.entry(seq)!.json).toBe(platform.log.entry(seq)!.json);
    expect(again.log.oldestSeq).toBe(platform.log.oldestSeq);
    expect([...again.commandLog.values()]).toEqual([...platform.commandLog.values()]);
    const [attachment] = [...again.attachments.entries()];
    expect(attachment![1].bytes).toEqual(Buffer.from('iVBORw0KGgo=', 'base64'));

    // A console a little behind resumes by replay from its cursor; one ahead of the head (changes never kept) by snapshot.
    const behind = await linked(again.url, again.head - 3);
    expect(behind.welcome.resume).toBe('replay');
    const items = await behind.client.until(
      () => (behind.client.changeItems().length >= 3 ? behind.client.changeItems() : undefined),
      5_000,
    );
    expect(items.map((c) => c.seq)).toEqual([again.head - 2, again.head - 1, again.head]);
    const ahead = await linked(again.url, again.head + 5);
    expect(ahead.welcome.resume).toBe('snapshot');
    // A command re-sent after the restart is answered with its first result, not applied again.
    const incidents = again.log.count('incident');
    expect(await command(behind.client, 'c-1', 'incident.create', THEFT)).toEqual(created);
    expect(again.log.count('incident')).toBe(incidents);
    expect(again.commandLog.get('c-1')).toMatchObject({ received: 2, applied: 1 });
  });
});

describe('the embedded demo city', { timeout: 60_000 }, () => {
  it('goes on after a clean close: the incident filed, the log and its seqs, the ledger; consoles resume by replay', async () => {
    const dir = tempDir('kept-demo');
    const clock = new FakeTimers(T0);
    const first = await demo(dir, clock);
    const { client } = await linked(first.platform.url, null);
    await client.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const created = await command(client, 'c-1', 'incident.create', THEFT);
    expect(created.ok).toBe(true);
    const incident = filedByConsole(first.platform)[0]!.id as string;
    clock.advance(5 * 60_000);
    first.city.tick();
    const before = everything(first.platform);
    const head = first.platform.head;
    const tail = first.platform.log.entry(head - 10)!.json;
    const pointsBefore = first.city.volunteers.registry.map((v) => v.points);
    await close(first);
    expect(existsSync(keptFile(dir))).toBe(true);
    expect(existsSync(runningFile(dir))).toBe(false);

    // Time moves on between the two starts.
    clock.advance(30_000);
    const second = await demo(dir, clock);
    // As kept; only roads may have moved since (the traffic feed is re-read at the start).
    for (const kind of ENTITY_KINDS.filter((k) => k !== 'road')) expect(second.platform.exportState(kind), kind).toEqual(before[kind]);
    expect(second.platform.log.get('incident', incident)?.data).toMatchObject({ title: THEFT.title, status: 'new' });
    expect(filedByConsole(second.platform)).toHaveLength(1);
    expect(second.platform.log.entry(head - 10)!.json).toBe(tail);
    expect(second.platform.head).toBeGreaterThanOrEqual(head);
    expect(second.city.volunteers.registry.map((v) => v.points)).toEqual(pointsBefore);

    const resumed = await linked(second.platform.url, head - 10);
    expect(resumed.welcome.resume).toBe('replay');
    const first10 = await resumed.client.until(
      () => (resumed.client.changeItems().length >= 10 ? resumed.client.changeItems() : undefined),
      5_000,
    );
    expect(first10[0]!.seq).toBe(head - 9);
    expect(await command(resumed.client, 'c-1', 'incident.create', THEFT)).toEqual(created);
    expect(second.platform.commandLog.get('c-1')).toMatchObject({ received: 2, applied: 1 });

    // A console's dispatch of the kept incident (no model of this run made it) goes to the departments.
    const dispatched = await command(resumed.client, 'c-2', 'incident.dispatch', { incident, departments: ['dept-siming-police'] });
    expect(dispatched.ok).toBe(true);
    clock.advance(10 * 60_000);
    second.city.tick();
    expect(['accepted', 'on_scene', 'resolved']).toContain(second.platform.log.get('incident', incident)?.data.status);
  });

  it('after a run that ended without its clean close, keeps the entities but sends every console for a snapshot', async () => {
    const dir = tempDir('kept-crash');
    const clock = new FakeTimers(T0);
    const first = await demo(dir, clock);
    const { client } = await linked(first.platform.url, null);
    await client.waitFor((f) => f.t === 'snapshot' && f.last === true);
    const created = await command(client, 'c-1', 'incident.create', THEFT);
    expect(created.ok).toBe(true);
    const incident = filedByConsole(first.platform)[0]!.id as string;
    clock.advance(61_000); // the minutely save
    await waitUntil(() => existsSync(keptFile(dir)), 10_000, 'the minutely save');
    const keptHead = keptHeadSeq(dir);
    // Gone without its close (as a crash): the run went on past what it kept, and the running mark stays.
    clock.advance(20_000);
    first.city.stop();
    await first.platform.close();
    demos.splice(demos.indexOf(first), 1);
    await first.media?.close();

    const second = await demo(dir, clock);
    expect(second.platform.log.get('incident', incident)).toBeDefined();
    expect((await linked(second.platform.url, keptHead)).welcome.resume).toBe('snapshot');
    expect((await linked(second.platform.url, keptHead + 3)).welcome.resume).toBe('snapshot');
  });

  it.each([
    ['torn', (dir: string) => writeFileSync(keptFile(dir), readFileSync(keptFile(dir), 'utf8').slice(0, 5_000)), /unreadable/],
    [
      'garbled',
      (dir: string) => writeFileSync(keptFile(dir), `{"format":"egret-demo-city","version":${KEPT_VERSION},"platform":7}\n`),
      /damaged/,
    ],
    ['of another version', (dir: string) => writeFileSync(keptFile(dir), '{"format":"egret-demo-city","version":99}'), /another version/],
  ])('sets a %s kept city aside with a log line and makes a new one', async (_what, spoil, reason) => {
    const dir = tempDir('kept-spoilt');
    const clock = new FakeTimers(T0);
    const first = await demo(dir, clock);
    const { client } = await linked(first.platform.url, null);
    await client.waitFor((f) => f.t === 'snapshot' && f.last === true);
    await command(client, 'c-1', 'incident.create', THEFT);
    const oldCursor = first.platform.head;
    await close(first);
    spoil(dir);

    const logger = recordingLogger();
    clock.advance(30_000);
    const second = await demo(dir, clock, { logger });
    expect(logger.lines.find((l) => l.startsWith('demo: the kept city is set aside'))).toMatch(reason);
    expect(readdirSync(dir).filter((f) => f.startsWith('platform-state.set-aside-'))).toHaveLength(1);
    // A new city: without the console's incident, and its own log (the last city's cursor takes a snapshot).
    expect(second.platform.commandLog.has('c-1')).toBe(false);
    expect(filedByConsole(second.platform)).toEqual([]);
    expect((await linked(second.platform.url, oldCursor)).welcome.resume).toBe('snapshot');
  });

  it.each([
    ['made with other options', { rate: 2 }, 0, /other options: rate 1 → 2/],
    ['from the future of the clock', {}, -10 * 60_000, /after the clock/],
    ['older than six hours', {}, 7 * 3_600_000, /not the same city day, or more than 6 h ago/],
  ])('sets a kept city %s aside and makes a new one', async (_what, options, shiftMs, reason) => {
    const dir = tempDir('kept-other');
    const clock = new FakeTimers(T0);
    const first = await demo(dir, clock);
    const { client } = await linked(first.platform.url, null);
    await client.waitFor((f) => f.t === 'snapshot' && f.last === true);
    await command(client, 'c-1', 'incident.create', THEFT);
    await close(first);

    const logger = recordingLogger();
    const second = await demo(dir, new FakeTimers(T0 + shiftMs), { logger, ...options });
    expect(logger.lines.find((l) => l.startsWith('demo: the kept city is set aside'))).toMatch(reason);
    expect(second.platform.commandLog.has('c-1')).toBe(false);
    expect(filedByConsole(second.platform)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.startsWith('platform-state.set-aside-'))).toHaveLength(1);
  });
});

/** A pace for the kept entities' load that holds it after its first line until `open()` (DemoOptions.keptEntitiesPace). */
function heldLoad() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const held = {
    lines: 0,
    platform: null as Platform | null,
    open,
    pace: (platform: Platform) => {
      held.lines += 1;
      held.platform = platform;
      return opened;
    },
  };
  return held;
}

/** A demo started on the city kept in `dir`, its entities' load held after their first line (the platform answers from the kept log). */
async function startHeld(dir: string, clock: FakeTimers, held: ReturnType<typeof heldLoad>) {
  const starting = startDemoPlatform({
    clock,
    stateDir: dir,
    mediaBase: 'http://media.test',
    historyHours: 1,
    volunteersOnDuty: SHAPE.volunteersOnDuty!,
    keptEntitiesPace: held.pace,
  });
  starting.then(
    (d) => demos.push(d),
    () => undefined,
  );
  await waitUntil(() => held.lines > 0, 10_000, 'the first line of entities');
  return { platform: held.platform!, starting };
}

/** A first run on `dir`: a console files the theft as `c-1`, and the run closes cleanly. */
async function keptCity(dir: string, clock: FakeTimers) {
  const first = await demo(dir, clock);
  const { client } = await linked(first.platform.url, null);
  await client.waitFor((f) => f.t === 'snapshot' && f.last === true);
  const created = await command(client, 'c-1', 'incident.create', THEFT);
  const incident = filedByConsole(first.platform)[0]!.id as string;
  const head = first.platform.head;
  const oldest = first.platform.log.oldestSeq;
  const entities = ENTITY_KINDS.reduce((n, kind) => n + first.platform.log.count(kind), 0);
  await close(first);
  clock.advance(30_000);
  return { created, incident, head, oldest, entities };
}

describe('a kept city answers before its entities are in', { timeout: 60_000 }, () => {
  it('a console resumes by replay from the kept log while the entities are still loading', async () => {
    const dir = tempDir('kept-early-replay');
    const clock = new FakeTimers(T0);
    const { head, oldest, entities } = await keptCity(dir, clock);
    const held = heldLoad();
    const { platform, starting } = await startHeld(dir, clock, held);
    // One line of entities in (at most 2,000 of one kind), not all of them.
    const loaded = ENTITY_KINDS.reduce((n, kind) => n + platform.log.count(kind), 0);
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThanOrEqual(Math.min(2_000, entities - 1));

    // From the oldest change the kept log holds: the console's incident.
    const resumed = await linked(platform.url, oldest - 1);
    expect(resumed.welcome).toMatchObject({ resume: 'replay', head });
    const count = head - oldest + 1;
    expect(count).toBeGreaterThan(0);
    const items = await resumed.client.until(
      () => (resumed.client.changeItems().length >= count ? resumed.client.changeItems() : undefined),
      10_000,
    );
    expect(items.map((c) => c.seq)).toEqual(Array.from({ length: count }, (_, i) => oldest + i));
    expect(items.some((c) => c.kind === 'incident' && (c.data as { title?: string }).title === THEFT.title)).toBe(true);
    // Still held after the first line: the replay needed none of the entities.
    expect(held.lines).toBe(1);
    // The first line is of cameras: the media server knows them while the rest loads (a warm start's wall asks at once).
    expect(platform.log.count('camera')).toBe(loaded);
    held.open();
    const second = await starting;
    expect(filedByConsole(second.platform)).toHaveLength(1);
  });

  it('a console that needs a snapshot during the load gets it once the load is done, complete', async () => {
    const dir = tempDir('kept-early-snapshot');
    const clock = new FakeTimers(T0);
    const { incident } = await keptCity(dir, clock);
    const held = heldLoad();
    const { platform, starting } = await startHeld(dir, clock, held);

    const fresh = await RawClient.connect(platform.url);
    clients.push(fresh);
    const heard = platform.waitFor('hello');
    fresh.hello('demo-chief', null);
    await heard;
    // Heard and held: not welcomed while the entities load.
    expect(platform.openSessions.map((s) => s.resume)).toEqual([null]);
    held.open();
    const second = await starting;
    expect((await fresh.waitForType('welcome')).resume).toBe('snapshot');
    await fresh.waitFor((f) => f.t === 'snapshot' && f.last === true, { timeoutMs: 20_000 });
    const snapshot = fresh.frames.filter((f) => f.t === 'snapshot').flatMap((f) => f.items as { kind: string; data: { id: string } }[]);
    for (const kind of ENTITY_KINDS.filter((k) => k !== 'place')) {
      expect(snapshot.filter((i) => i.kind === kind).length, kind).toBe(second.platform.log.count(kind));
    }
    expect(snapshot.filter((i) => i.kind === 'incident' && i.data.id === incident)).toHaveLength(1);
  });

  it('commands sent during the load are applied once after it, in order; a re-sent one is answered with its first result', async () => {
    const dir = tempDir('kept-early-command');
    const clock = new FakeTimers(T0);
    const { created, incident, head } = await keptCity(dir, clock);
    const held = heldLoad();
    const { platform, starting } = await startHeld(dir, clock, held);

    const { client } = await linked(platform.url, head);
    client.command('c-1', 'incident.create', THEFT);
    client.command('c-2', 'incident.note', { incident, text: '车主已到场' });
    client.command('c-3', 'incident.note', { incident, text: '调取监控中' });
    // The acks come after the commands on the same link: once the platform has heard one, it has heard the commands.
    const heard = platform.waitFor('ack');
    client.ack(head);
    await heard;
    expect(platform.commandLog.has('c-2')).toBe(false);
    expect(client.frames.filter((f) => f.t === 'result')).toEqual([]);

    held.open();
    const second = await starting;
    const results = await client.until(() => {
      const r = client.frames.filter((f) => f.t === 'result');
      return r.length === 3 ? r : undefined;
    }, 5_000);
    expect(results.map((r) => r.id)).toEqual(['c-1', 'c-2', 'c-3']);
    expect(results[0]).toEqual(created);
    expect(results[1]!.ok && results[2]!.ok).toBe(true);
    expect(results[2]!.seq as number).toBeGreaterThan(results[1]!.seq as number);
    expect(second.platform.commandLog.get('c-1')).toMatchObject({ received: 2, applied: 1 });
    expect(second.platform.commandLog.get('c-2')).toMatchObject({ received: 1, applied: 1 });
    expect(filedByConsole(second.platform)).toHaveLength(1);
    const notes = second.platform.exportState('incident_event').filter((e) => e.incident === incident && e.kind === 'note');
    expect(notes.map((e) => e.text)).toEqual(['车主已到场', '调取监控中']);
  });

  it('sets a kept city aside whose entities turn out damaged after consoles resumed: they are reset, a new city is made', async () => {
    const dir = tempDir('kept-late-damage');
    const clock = new FakeTimers(T0);
    const { head } = await keptCity(dir, clock);
    // The last line of entities spoilt, the file's length kept: only reading it finds out.
    const text = readFileSync(keptFile(dir), 'utf8');
    const last = text.lastIndexOf('\n', text.length - 2) + 1;
    writeFileSync(keptFile(dir), text.slice(0, last) + 'x'.repeat(Buffer.byteLength(text.slice(last)) - 1) + '\n');
    const held = heldLoad();
    const { platform, starting } = await startHeld(dir, clock, held);
    const resumed = await linked(platform.url, head);
    expect(resumed.welcome.resume).toBe('replay');

    held.open();
    const second = await starting;
    await resumed.client.waitForType('reset');
    expect(readdirSync(dir).filter((f) => f.startsWith('platform-state.set-aside-'))).toHaveLength(1);
    expect(filedByConsole(second.platform)).toEqual([]);
    expect((await linked(second.platform.url, head)).welcome.resume).toBe('snapshot');
  });
});

describe('a city kept by version 1', () => {
  it('is set aside unread, with a log line, and a new city is made', async () => {
    const dir = tempDir('kept-v1');
    writeFileSync(join(dir, KEPT_FILE_V1), '{"format":"egret-demo-city","version":1}');
    const logger = recordingLogger();
    const d = await demo(dir, new FakeTimers(T0), { logger });
    expect(logger.lines.find((l) => l.startsWith('demo: the kept city is set aside'))).toMatch(/version 1/);
    expect(readdirSync(dir).filter((f) => /^platform-state\.set-aside-.*\.json$/.test(f))).toHaveLength(1);
    expect(existsSync(join(dir, KEPT_FILE_V1))).toBe(false);
    expect(d.platform.log.count('incident')).toBeGreaterThan(0);
  });
});

describe('a platform answering only part of what it is asked (Platform.answerOnly)', () => {
  it('holds every hello while it answers nothing; then welcomes the replays from its log, then the snapshots', async () => {
    const platform = await startPlatform();
    platforms.push(platform);
    for (let i = 1; i <= 3; i++) {
      const { rev: _rev, ...data } = camera(`cam-${i}`, 1);
      platform.upsert('camera', data);
    }
    const head = platform.head;
    platform.answerOnly('nothing');
    const heard = (n: number) => {
      let count = 0;
      return platform.waitFor('hello', () => ++count === n);
    };
    const both = heard(2);
    const replaying = await RawClient.connect(platform.url);
    const fresh = await RawClient.connect(platform.url);
    clients.push(replaying, fresh);
    replaying.hello('demo-chief', head - 1);
    fresh.hello('demo-chief', null);
    await both;
    expect(platform.openSessions.map((s) => s.resume)).toEqual([null, null]);

    platform.answerOnly('log');
    expect((await replaying.waitForType('welcome')).resume).toBe('replay');
    expect(platform.openSessions.map((s) => s.resume).sort()).toEqual([null, 'replay']);

    platform.answerOnly('everything');
    expect((await fresh.waitForType('welcome')).resume).toBe('snapshot');
    const last = await fresh.waitFor((f) => f.t === 'snapshot' && f.last === true);
    expect(last.as_of).toBe(head);
  });
});
