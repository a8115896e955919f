import { afterEach, describe, expect, it } from 'vitest';
import { camera, incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import type { Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { OutboxSender } from '../../link/outbox-sender.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../../store/cache-store.ts';
import { StateStore } from '../../store/state-store.ts';
import { ConsoleHost } from '../console-host.ts';
import { SNAPSHOT_MAX_BYTES, videoReportHandlers } from './video-report.ts';

const NOW = Date.parse('2026-11-28T10:00:00+08:00');

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/** A small but whole JPEG: SOI, an APP0 marker, EOI. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]).toString('base64');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]).toString('base64');

const unit = (id: string, kind: string, district: string | null, level = 'district') => ({
  id,
  rev: 1,
  name: `单位 ${id}`,
  kind,
  level,
  ...(district ? { district } : {}),
});

/**
 * A console signed in as `role` (the operator in state.db, as the link's
 * welcome leaves it) over a cache with: a Siming camera on 湖滨南路 carrying
 * its street and community, a Xiang'an camera (a district without a traffic
 * police unit), Siming's traffic police and police, and incidents in several
 * states. The link is a real outbox that sends only while `online`.
 */
function consoleAs(role: Role) {
  const dir = tempDir('video-report');
  const state = StateStore.open(dir);
  const { cache } = CacheStore.open(dir);
  opened.push(state, cache);
  const items = [
    {
      kind: 'camera' as const,
      data: camera('cam-0001', 1, {
        name: '湖滨南路筼筜段 001',
        district: '350203',
        road: '湖滨南路',
        lat: 24.4795,
        lng: 118.1012,
        street: '筼筜街道',
        community: '金榜社区',
      }),
    },
    { kind: 'camera' as const, data: camera('cam-0002', 1, { name: '翔安大道 002', district: '350213', lat: 24.62, lng: 118.25 }) },
    { kind: 'department' as const, data: unit('dept-city-traffic-police', 'traffic_police', null, 'city') },
    { kind: 'department' as const, data: unit('dept-siming-traffic-police', 'traffic_police', '350203') },
    { kind: 'department' as const, data: unit('dept-siming-police', 'police', '350203') },
    { kind: 'incident' as const, data: incident('inc-open', 1, { status: 'new' }) },
    { kind: 'incident' as const, data: incident('inc-accepted', 1, { status: 'accepted' }) },
    { kind: 'incident' as const, data: incident('inc-closed', 1, { status: 'closed' }) },
  ];
  cache.applyChanges(
    items.map((item, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: item.kind, data: item.data }, i + 1)),
    items.length,
  );
  state.setSignedInOperator({ id: role === 'duty_chief' ? 'op-001' : 'op-052', name: '测试', role });

  const outbox = new OutboxSender(state, () => NOW);
  const sent: { name: string; id: string; args: Record<string, unknown> }[] = [];
  const link = { online: false };
  const send = (frame: object) => sent.push(frame as (typeof sent)[number]);
  const ids = ['inc-video-1', 'inc-video-2', 'inc-video-3'];
  const handlers = videoReportHandlers({
    data: { state, cache },
    link: { queueCommands: (commands, by, alongside) => outbox.queueAll(commands, by, link.online ? send : null, alongside) },
    workstation: 'ws-video-03',
    now: () => NOW,
    newIncidentId: () => ids.shift()!,
  });
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: handlers as never });
  const report = (params: unknown) => host.call('video.report', params, { label: 'test' }) as Promise<Record<string, unknown>>;
  const pending = () => state.pending().map((c) => ({ name: c.name, args: c.args }));
  const audit = () => state.db.prepare('SELECT action, target, result, role, workstation FROM audit ORDER BY n').all();
  return { state, link, outbox, sent, send, report, pending, audit };
}

const NEW_JAM = { category: 'traffic.congestion', priority: 3, title: '湖滨南路筼筜段 拥堵', description: '车辆排队约 300 米' };

describe('video.report: from a snapshot to an incident', () => {
  it('files a new video incident with an id of its own, at the camera, and queues the photo for that id', async () => {
    const { report, pending, audit } = consoleAs('video_patroller');
    const answer = await report({ camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM });
    expect(answer).toMatchObject({ result: { incident: 'inc-video-1', commands: [expect.any(String), expect.any(String)] } });
    expect(pending()).toEqual([
      {
        name: 'incident.create',
        args: {
          id: 'inc-video-1',
          source: 'video',
          category: 'traffic.congestion',
          priority: 3,
          title: '湖滨南路筼筜段 拥堵',
          description: '车辆排队约 300 米',
          address: '湖滨南路筼筜段 001',
          lat: 24.4795,
          lng: 118.1012,
          district: '350203',
          street: '筼筜街道',
          community: '金榜社区',
        },
      },
      {
        name: 'incident.attach',
        args: { incident: 'inc-video-1', kind: 'photo', data_base64: JPEG, mime: 'image/jpeg', camera: 'cam-0001' },
      },
    ]);
    expect(audit()).toEqual([
      { action: 'incident.create', target: 'inc-video-1', result: 'queued', role: 'video_patroller', workstation: 'ws-video-03' },
      { action: 'incident.attach', target: 'inc-video-1', result: 'queued', role: 'video_patroller', workstation: 'ws-video-03' },
    ]);
  });

  it('queues offline and sends create, photo and dispatch in that order once the link is back', async () => {
    const { report, sent, send, outbox, state, link } = consoleAs('video_patroller');
    const answer = (await report({ camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM, notifyTrafficPolice: true })) as {
      result: { commands: string[] };
    };
    expect(sent).toEqual([]);
    expect(state.pendingCount()).toBe(3);
    outbox.resendPending(send);
    expect(sent.map((f) => [f.name, f.id])).toEqual([
      ['incident.create', answer.result.commands[0]],
      ['incident.attach', answer.result.commands[1]],
      ['incident.dispatch', answer.result.commands[2]],
    ]);
    expect(sent[2]!.args).toEqual({ incident: 'inc-video-1', departments: ['dept-siming-traffic-police'] });

    link.online = true;
    sent.length = 0;
    await report({ camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM });
    expect(sent.map((f) => f.name)).toEqual(['incident.create', 'incident.attach']);
  });

  it('writes the commands and their audit rows in one transaction: an audit write that fails leaves nothing queued', async () => {
    const { report, state, sent, link } = consoleAs('video_patroller');
    link.online = true;
    // The photo's "queued" audit row cannot be written (say the disk filled up right then).
    state.db
      .exec(`CREATE TEMP TRIGGER attach_audit_fails BEFORE INSERT ON audit WHEN NEW.action = 'incident.attach' AND NEW.result = 'queued'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    expect(await report({ camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM })).toMatchObject({ code: 'internal' });
    expect(state.pendingCount()).toBe(0);
    expect(sent).toEqual([]);
    // What is left is the record that it failed, for both: never a create "queued" without its photo.
    expect(state.db.prepare('SELECT action, result FROM audit ORDER BY n').all()).toEqual([
      { action: 'incident.create', result: 'failed: internal' },
      { action: 'incident.attach', result: 'failed: internal' },
    ]);
  });

  it('attaches to an existing incident, and dispatches it to the traffic police of the camera district when asked', async () => {
    const { report, pending } = consoleAs('video_patroller');
    expect(await report({ camera: 'cam-0001', snapshot: JPEG, incident: 'inc-open', notifyTrafficPolice: true })).toMatchObject({
      result: { incident: 'inc-open' },
    });
    expect(pending()).toEqual([
      { name: 'incident.attach', args: { incident: 'inc-open', kind: 'photo', data_base64: JPEG, mime: 'image/jpeg', camera: 'cam-0001' } },
      { name: 'incident.dispatch', args: { incident: 'inc-open', departments: ['dept-siming-traffic-police'] } },
    ]);
  });

  it('attaches a second snapshot to an incident this console filed offline, before the platform has it', async () => {
    const { report, pending } = consoleAs('video_patroller');
    await report({ camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM });
    await report({ camera: 'cam-0001', snapshot: JPEG, incident: 'inc-video-1' });
    expect(
      pending().map((c) => [c.name, (c.args as { incident?: string; id?: string }).incident ?? (c.args as { id: string }).id]),
    ).toEqual([
      ['incident.create', 'inc-video-1'],
      ['incident.attach', 'inc-video-1'],
      ['incident.attach', 'inc-video-1'],
    ]);
  });

  it('lets the duty chief file too, and refuses a call taker in the host', async () => {
    expect(await consoleAs('duty_chief').report({ camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM })).toMatchObject({
      result: { incident: 'inc-video-1' },
    });
    const taker = consoleAs('call_taker');
    expect(await taker.report({ camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM })).toMatchObject({ code: 'forbidden' });
    expect(taker.state.pendingCount()).toBe(0);
  });
});

describe('video.report refusals change nothing', () => {
  const refusals: [string, Record<string, unknown>, { code: string; message: RegExp }][] = [
    [
      'a camera the cache does not hold',
      { camera: 'cam-9999', snapshot: JPEG, create: NEW_JAM },
      { code: 'not_found', message: /no camera cam-9999/ },
    ],
    [
      'bytes that are not a JPEG',
      { camera: 'cam-0001', snapshot: PNG, create: NEW_JAM },
      { code: 'invalid_params', message: /not a JPEG/ },
    ],
    [
      'a JPEG cut short',
      { camera: 'cam-0001', snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).toString('base64'), create: NEW_JAM },
      { code: 'invalid_params', message: /cut short/ },
    ],
    [
      'text that is not base64',
      { camera: 'cam-0001', snapshot: 'not base64!', create: NEW_JAM },
      { code: 'invalid_params', message: /not base64/ },
    ],
    [
      'both a new incident and an existing one',
      { camera: 'cam-0001', snapshot: JPEG, create: NEW_JAM, incident: 'inc-open' },
      { code: 'invalid_params', message: /either incident .* or create/ },
    ],
    ['neither', { camera: 'cam-0001', snapshot: JPEG }, { code: 'invalid_params', message: /either incident .* or create/ }],
    [
      'a category the platform does not know',
      { camera: 'cam-0001', snapshot: JPEG, create: { ...NEW_JAM, category: 'jam' } },
      { code: 'invalid_params', message: /create\.category/ },
    ],
    [
      'an incident nobody has',
      { camera: 'cam-0001', snapshot: JPEG, incident: 'inc-nowhere' },
      { code: 'not_found', message: /no incident inc-nowhere/ },
    ],
    [
      'a closed incident',
      { camera: 'cam-0001', snapshot: JPEG, incident: 'inc-closed' },
      { code: 'conflict', message: /inc-closed is closed/ },
    ],
    [
      'notifying traffic police of an incident already accepted',
      { camera: 'cam-0001', snapshot: JPEG, incident: 'inc-accepted', notifyTrafficPolice: true },
      { code: 'conflict', message: /cannot be dispatched/ },
    ],
    [
      'notifying traffic police where the district has none (not the city detachment instead)',
      { camera: 'cam-0002', snapshot: JPEG, create: NEW_JAM, notifyTrafficPolice: true },
      { code: 'not_found', message: /no traffic police unit of district 350213 \(camera 翔安大道 002\)/ },
    ],
  ];
  for (const [what, params, refusal] of refusals) {
    it(`refuses ${what}`, async () => {
      const { report, state, audit } = consoleAs('video_patroller');
      const answer = await report(params);
      expect(answer).toMatchObject({ code: refusal.code });
      expect(JSON.stringify([answer.message, answer.issues])).toMatch(refusal.message);
      expect(state.pendingCount()).toBe(0);
      expect(audit()).toEqual([]);
    });
  }

  it('refuses a snapshot over 2 MiB, counted in bytes', async () => {
    const { report, state } = consoleAs('video_patroller');
    const bytes = Buffer.alloc(SNAPSHOT_MAX_BYTES + 1, 0x11);
    bytes.set([0xff, 0xd8, 0xff], 0);
    bytes.set([0xff, 0xd9], bytes.length - 2);
    expect(await report({ camera: 'cam-0001', snapshot: bytes.toString('base64'), create: NEW_JAM })).toMatchObject({
      code: 'invalid_params',
      message: expect.stringMatching(/larger than 2 MiB|at most 2097152/),
    });
    expect(state.pendingCount()).toBe(0);
  });
});
