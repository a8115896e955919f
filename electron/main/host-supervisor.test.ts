import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../native/common/logger.ts';
import { HostSupervisor, hostArguments, type HostChild, type SupervisorClock } from './host-supervisor.ts';
import type { ConnectMessage, WindowEndpoint } from './ports.ts';

/** A clock that moves only when the test says so. */
class ManualClock implements SupervisorClock {
  private time = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers.delete(handle as number);
  }
  get pending() {
    return [...this.timers.values()].map((t) => t.at - this.time);
  }
  advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = until;
  }
}

type Port = { name: string };

class FakeChild extends EventEmitter implements HostChild<Port> {
  messages: { message: unknown; transfer?: Port[] }[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: unknown,
  ) {
    super();
  }
  postMessage(message: unknown, transfer?: Port[]) {
    this.messages.push({ message, transfer });
  }
  kill() {
    this.killed = true;
    return true;
  }
  get connects() {
    return this.messages.filter((m) => (m.message as ConnectMessage).type === 'connect');
  }
}

function setup() {
  const clock = new ManualClock();
  const children: FakeChild[] = [];
  let ports = 0;
  const supervisor = new HostSupervisor<Port>({
    launcher: {
      fork: (modulePath, args, options) => {
        const child = new FakeChild(modulePath, args, options);
        children.push(child);
        return child;
      },
    },
    entryPath: '/app/dist/electron/host.cjs',
    args: hostArguments({ dataDir: '/home/op/.config/Egret', version: '0.1.0' }),
    newChannel: () => {
      ports += 1;
      return { port1: { name: `host-${ports}` }, port2: { name: `page-${ports}` } };
    },
    clock,
    logger: silentLogger,
  });
  const latest = () => children[children.length - 1]!;
  return { clock, children, supervisor, latest };
}

function fakeWindow(id: number) {
  const delivered: Port[] = [];
  let destroyed = false;
  const window: WindowEndpoint<Port> = {
    id,
    label: `window ${id}`,
    webContents: { isDestroyed: () => destroyed, postMessage: (_channel, _message, transfer) => delivered.push(...transfer) },
  };
  return { window, delivered, destroy: () => (destroyed = true) };
}

describe('host supervisor', () => {
  it('forks the host entry as a named utility process with the data dir and version', () => {
    const { supervisor, latest } = setup();
    supervisor.start();
    expect(latest().modulePath).toBe('/app/dist/electron/host.cjs');
    expect(latest().args).toEqual(['--data-dir', '/home/op/.config/Egret', '--app-version', '0.1.0']);
    expect(
      hostArguments({ dataDir: '/d', version: '1', mapTiles: { url: 'https://gis.xm.gov/{z}/{x}/{y}.png', datum: 'gcj02' } }),
    ).toEqual(['--data-dir', '/d', '--app-version', '1', '--map-tiles', 'https://gis.xm.gov/{z}/{x}/{y}.png', '--map-datum', 'gcj02']);
    expect(latest().options).toMatchObject({ serviceName: 'egret-host', execArgv: ['--max-semi-space-size=64'] });
  });

  it('wires windows once the host has spawned, and at once after that', () => {
    const { supervisor, latest } = setup();
    const a = fakeWindow(1);
    supervisor.start();
    supervisor.attach(a.window);
    expect(latest().connects).toHaveLength(0);
    latest().emit('spawn');
    expect(latest().connects.map((m) => m.message)).toEqual([{ type: 'connect', window: 1, label: 'window 1' }]);

    const b = fakeWindow(2);
    supervisor.attach(b.window);
    expect(latest().connects.map((m) => (m.message as ConnectMessage).window)).toEqual([1, 2]);
    expect(b.delivered).toEqual([{ name: 'page-2' }]);
  });

  it('restarts after an unexpected exit with doubling backoff, capped at 10 s', () => {
    const { supervisor, children, clock, latest } = setup();
    supervisor.start();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      latest().emit('spawn');
      latest().emit('exit', 1);
      delays.push(clock.pending[0]!);
      const before = children.length;
      clock.advance(delays[i]! - 1);
      expect(children.length, `restart ${i} came early`).toBe(before);
      clock.advance(1);
      expect(children.length).toBe(before + 1);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('starts the backoff over once a host has run for a minute', () => {
    const { supervisor, clock, latest } = setup();
    supervisor.start();
    latest().emit('exit', 1);
    clock.advance(500);
    latest().emit('exit', 1);
    expect(clock.pending).toEqual([1000]);
    clock.advance(1000);
    latest().emit('spawn');
    clock.advance(60_000);
    latest().emit('exit', 1);
    expect(clock.pending).toEqual([500]);
  });

  it('gives every window a fresh port from the new host after a restart', () => {
    const { supervisor, clock, children, latest } = setup();
    const a = fakeWindow(1);
    const b = fakeWindow(2);
    supervisor.start();
    latest().emit('spawn');
    supervisor.attach(a.window);
    supervisor.attach(b.window);

    latest().emit('exit', 134);
    clock.advance(500);
    latest().emit('spawn');

    expect(children).toHaveLength(2);
    expect(children[1]!.connects.map((m) => (m.message as ConnectMessage).window)).toEqual([1, 2]);
    expect(a.delivered.map((p) => p.name)).toEqual(['page-1', 'page-3']);
    expect(b.delivered.map((p) => p.name)).toEqual(['page-2', 'page-4']);
    expect(children[1]!.connects.map((m) => m.transfer?.[0]?.name)).toEqual(['host-3', 'host-4']);
  });

  it('does not re-wire windows that closed or were detached', () => {
    const { supervisor, clock, latest } = setup();
    const kept = fakeWindow(1);
    const detached = fakeWindow(2);
    const destroyed = fakeWindow(3);
    supervisor.start();
    latest().emit('spawn');
    for (const w of [kept, detached, destroyed]) supervisor.attach(w.window);
    supervisor.detach(2);
    destroyed.destroy();

    latest().emit('exit', 1);
    clock.advance(500);
    latest().emit('spawn');
    expect(latest().connects.map((m) => (m.message as ConnectMessage).window)).toEqual([1]);
  });

  it('does not restart after an intentional stop', async () => {
    const { supervisor, clock, children, latest } = setup();
    supervisor.start();
    latest().emit('spawn');
    const stopped = supervisor.stop();
    expect(latest().messages.map((m) => m.message)).toContainEqual({ type: 'shutdown' });
    latest().emit('exit', 0);
    await stopped;
    clock.advance(60_000);
    expect(children).toHaveLength(1);
    expect(latest().killed).toBe(false);
    supervisor.start();
    expect(children).toHaveLength(1);
  });

  it('kills a host that does not exit within the grace period', async () => {
    const { supervisor, clock, latest } = setup();
    supervisor.start();
    latest().emit('spawn');
    const stopped = supervisor.stop();
    clock.advance(4_999);
    expect(latest().killed).toBe(false);
    clock.advance(1);
    expect(latest().killed).toBe(true);
    await stopped;
  });

  it('cancels a pending restart when stopped', async () => {
    const { supervisor, clock, children, latest } = setup();
    supervisor.start();
    latest().emit('exit', 1);
    await supervisor.stop();
    clock.advance(60_000);
    expect(children).toHaveLength(1);
  });
});
