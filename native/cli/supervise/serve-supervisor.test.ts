import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../common/timers.ts';
import type { ServeListening } from './serve-messages.ts';
import { ServeGaveUpError, ServeStartError, ServeSupervisor, type SuperviseEvent } from './serve-supervisor.ts';

/** A stand-in `egret serve` child: the test says when it listens, is ready, or dies. */
class FakeChild extends EventEmitter {
  readonly signals: string[] = [];
  constructor(readonly pid: number) {
    super();
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    return true;
  }
  listening(port = 4100): void {
    const message: ServeListening = { type: 'egret-serve', state: 'listening', url: `http://127.0.0.1:${port}/?token=t`, port };
    this.emit('message', message);
  }
  trust(mediaSpki: string[]): void {
    this.emit('message', { type: 'egret-serve', state: 'trust', mediaSpki });
  }
  ready(): void {
    this.emit('message', { type: 'egret-serve', state: 'ready' });
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.emit('exit', code, signal);
  }
}

function supervised(policy = { deaths: 5, withinMs: 60_000, firstDelayMs: 250, maxDelayMs: 4_000 }) {
  const timers = new FakeTimers(1_000_000);
  const children: FakeChild[] = [];
  const events: SuperviseEvent[] = [];
  const supervisor = new ServeSupervisor({
    launch: () => {
      const child = new FakeChild(100 + children.length);
      children.push(child);
      return child;
    },
    timers,
    report: (event) => events.push(event),
    policy,
    stopGraceMs: 15_000,
  });
  const failure = supervisor.failed.catch((error: Error) => error);
  return { supervisor, timers, children, events, failure };
}

describe('ServeSupervisor: egret start keeps egret serve running', () => {
  it('gives the URL once the first child listens, and starts the same child again after it dies (with a short wait)', async () => {
    const { supervisor, timers, children, events } = supervised();
    const started = supervisor.start();
    children[0]!.listening(4100);
    await expect(started).resolves.toMatchObject({ port: 4100 });
    children[0]!.ready();
    expect(supervisor.pid).toBe(100);

    children[0]!.exit(null, 'SIGKILL');
    expect(supervisor.pid).toBeNull();
    expect(events.at(-1)).toEqual({ kind: 'died', pid: 100, how: 'was killed by SIGKILL', restartInMs: 250 });
    timers.advance(249);
    expect(children).toHaveLength(1);
    timers.advance(1);
    expect(children).toHaveLength(2);
    expect(supervisor.pid).toBe(101);
    expect(events.at(-1)).toEqual({ kind: 'started', pid: 101, restart: 1 });
  });

  it('gives the media certificates the first child says the browser must trust', async () => {
    const { supervisor, children } = supervised();
    void supervisor.start();
    children[0]!.listening();
    children[0]!.trust(['pin-a', 'pin-b']);
    children[0]!.trust(['pin-c']);
    await expect(supervisor.mediaSpki).resolves.toEqual(['pin-a', 'pin-b']);
  });

  it('waits longer after each death within a minute, and gives up at the fifth with a message that says so', async () => {
    const { supervisor, timers, children, events, failure } = supervised();
    void supervisor.start();
    children[0]!.listening();
    children[0]!.ready();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      children.at(-1)!.exit(1);
      const died = events.at(-1)!;
      expect(died.kind).toBe('died');
      waits.push((died as { restartInMs: number }).restartInMs);
      timers.advance((died as { restartInMs: number }).restartInMs);
    }
    expect(waits).toEqual([250, 500, 1_000, 2_000]);
    expect(children).toHaveLength(5);
    children.at(-1)!.exit(1);
    expect(events.at(-1)).toMatchObject({ kind: 'gave-up', deaths: 5, how: 'exited with code 1' });
    const error = await failure;
    expect(error).toBeInstanceOf(ServeGaveUpError);
    expect((error as Error).message).toMatch(/died 5 times within 60 s .*not restarting it again/);
    timers.advance(60_000);
    expect(children).toHaveLength(5);
  });

  it('forgets deaths older than a minute: a serve that dies now and then is always restarted', () => {
    const { supervisor, timers, children, events } = supervised();
    void supervisor.start();
    children[0]!.listening();
    children[0]!.ready();
    for (let i = 0; i < 8; i++) {
      children.at(-1)!.exit(null, 'SIGKILL');
      expect(events.at(-1)).toMatchObject({ kind: 'died', restartInMs: 250 });
      timers.advance(61_000);
    }
    expect(children).toHaveLength(9);
  });

  it('fails the start when the first child exits before the console is up (the data dir held, the demo failed), without restarting it', async () => {
    const { supervisor, timers, children, failure } = supervised();
    const started = supervisor.start();
    children[0]!.exit(1);
    await expect(started).rejects.toBeInstanceOf(ServeStartError);
    await expect(started).rejects.toThrow('egret serve exited with code 1 before the console was up');
    expect(await failure).toBeInstanceOf(ServeStartError);
    timers.advance(60_000);
    expect(children).toHaveLength(1);
  });

  it('a first child that listened but died before its core was whole fails the start too', async () => {
    const { supervisor, children, failure } = supervised();
    const started = supervisor.start();
    children[0]!.listening();
    await started;
    children[0]!.exit(1);
    expect(await failure).toBeInstanceOf(ServeStartError);
    expect(children).toHaveLength(1);
  });

  it('stop: SIGTERM to the child, SIGKILL after the grace if it stays, and no restart when it exits', async () => {
    const { supervisor, timers, children } = supervised();
    void supervisor.start();
    children[0]!.listening();
    children[0]!.ready();
    const stopped = supervisor.stop();
    expect(children[0]!.signals).toEqual(['SIGTERM']);
    timers.advance(14_999);
    expect(children[0]!.signals).toEqual(['SIGTERM']);
    timers.advance(1);
    expect(children[0]!.signals).toEqual(['SIGTERM', 'SIGKILL']);
    children[0]!.exit(null, 'SIGKILL');
    await stopped;
    timers.advance(60_000);
    expect(children).toHaveLength(1);
  });

  it('stop between a death and its restart: nothing is started again', async () => {
    const { supervisor, timers, children } = supervised();
    void supervisor.start();
    children[0]!.listening();
    children[0]!.ready();
    children[0]!.exit(null, 'SIGKILL');
    await supervisor.stop();
    timers.advance(60_000);
    expect(children).toHaveLength(1);
  });

  it('ignores messages that are not a serve\'s, and a dead child\'s late ones', async () => {
    const { supervisor, timers, children, events } = supervised();
    const started = supervisor.start();
    children[0]!.emit('message', { type: 'egret-serve', state: 'listening', url: 'x' });
    children[0]!.emit('message', 'hello');
    children[0]!.listening(4200);
    await expect(started).resolves.toMatchObject({ port: 4200 });
    children[0]!.ready();
    children[0]!.exit(1);
    children[0]!.ready();
    expect(events.filter((e) => e.kind === 'ready')).toHaveLength(1);
    timers.advance(250);
    expect(children).toHaveLength(2);
  });
});
