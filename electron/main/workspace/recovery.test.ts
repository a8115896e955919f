import { EventEmitter } from 'node:events';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { Logger } from '../../../native/common/logger.ts';
import { recoveredUrl, recoverRenderer, type RecoverableWindow } from './recovery.ts';

/** A clock that moves only when the test says so. */
class ManualClock {
  time = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
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

/** A window whose page the test crashes or hangs, as Electron reports it. */
class FakeWindow extends EventEmitter implements RecoverableWindow {
  destroyed = false;
  readonly done: string[] = [];
  url: string;
  readonly webContents: RecoverableWindow['webContents'] & EventEmitter;
  constructor(url: string) {
    super();
    this.url = url;
    const contents = new EventEmitter() as EventEmitter & RecoverableWindow['webContents'];
    contents.getURL = () => this.url;
    contents.loadURL = (next: string) => {
      this.done.push(`load ${next}`);
      this.url = next;
      return Promise.resolve();
    };
    contents.forcefullyCrashRenderer = () => {
      this.done.push('kill renderer');
      // Electron reports the killed renderer gone, after the call.
      queueMicrotask(() => contents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 }));
    };
    this.webContents = contents;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.done.push('destroy');
    this.emit('closed');
  }
  crash(reason = 'crashed') {
    this.webContents.emit('render-process-gone', {}, { reason, exitCode: 139 });
  }
}

function setup(url = 'egret://app/index.html#/w/map') {
  const clock = new ManualClock();
  const logged: string[] = [];
  const log = (level: string) => (message: string) => logged.push(`${level}: ${message}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const window = new FakeWindow(url);
  const gaveUp: string[] = [];
  recoverRenderer(window, { clock, logger, homeUrl: 'egret://app/index.html#/w/map', label: 'map', onGaveUp: () => gaveUp.push('map') });
  return { clock, window, logged, gaveUp };
}

describe('the URL a recovered window loads', () => {
  it.each([
    ['egret://app/index.html#/w/map', 'crash', 'egret://app/index.html#/w/map?recovered=crash'],
    ['egret://app/index.html#/chief?tab=board', 'hang', 'egret://app/index.html#/chief?tab=board&recovered=hang'],
    ['egret://app/index.html#/w/map?recovered=crash', 'hang', 'egret://app/index.html#/w/map?recovered=hang'],
    ['egret://app/index.html', 'crash', 'egret://app/index.html#/?recovered=crash'],
    // The page had not loaded (or was somewhere else): the window's own route.
    ['', 'crash', 'egret://app/index.html#/w/wall-2?recovered=crash'],
    ['https://evil.example/#/w/map', 'crash', 'egret://app/index.html#/w/wall-2?recovered=crash'],
  ] as const)('%s after a %s: %s', (url, reason, expected) => {
    expect(recoveredUrl(url, reason, 'egret://app/index.html#/w/wall-2')).toBe(expected);
  });
});

describe('a window whose page', () => {
  it('crashed is loaded again at its route, saying so', () => {
    const { window, logged } = setup();
    window.crash('oom');
    expect(window.done).toEqual(['load egret://app/index.html#/w/map?recovered=crash']);
    expect(logged).toEqual(['warn: window page crashed: reloading it']);
  });

  it('stays unresponsive past the grace period is taken for hung: its renderer killed, the page loaded again once', async () => {
    const { window, clock } = setup();
    window.emit('unresponsive');
    clock.advance(9_999);
    expect(window.done).toEqual([]);
    clock.advance(1);
    await Promise.resolve();
    expect(window.done).toEqual(['kill renderer', 'load egret://app/index.html#/w/map?recovered=hang']);
  });

  it('answers again within the grace period is left alone', () => {
    const { window, clock } = setup();
    window.emit('unresponsive');
    clock.advance(8_000);
    window.emit('responsive');
    window.emit('unresponsive');
    clock.advance(8_000);
    expect(window.done).toEqual([]);
  });

  it('exited cleanly (the window closing) is not reloaded', () => {
    const { window } = setup();
    window.crash('clean-exit');
    expect(window.done).toEqual([]);
  });

  it('keeps crashing is not reloaded a third time within a minute: the window is closed and the log says why', () => {
    const { window, clock, logged, gaveUp } = setup();
    window.crash();
    clock.advance(20_000);
    window.crash();
    clock.advance(20_000);
    window.crash();
    expect(window.done).toEqual([
      'load egret://app/index.html#/w/map?recovered=crash',
      'load egret://app/index.html#/w/map?recovered=crash',
      'destroy',
    ]);
    expect(logged.at(-1)).toBe('error: window keeps failing: not reloading it again; closing it');
    expect(gaveUp).toEqual(['map']);
  });

  it('crashes now and then, a minute apart, is reloaded every time', () => {
    const { window, clock } = setup();
    for (let i = 0; i < 5; i++) {
      window.crash();
      clock.advance(30_000);
    }
    expect(window.done).toHaveLength(5);
    expect(window.done.every((d) => d.startsWith('load '))).toBe(true);
  });

  it('hangs and crashes in turn counts both toward giving up', async () => {
    const { window, clock, gaveUp } = setup();
    window.crash();
    window.emit('unresponsive');
    clock.advance(10_000);
    await Promise.resolve();
    window.crash();
    expect(gaveUp).toEqual(['map']);
  });

  it('hangs in a window since closed is not reloaded', () => {
    const { window, clock } = setup();
    window.emit('unresponsive');
    window.emit('closed');
    clock.advance(10_000);
    expect(window.done).toEqual([]);
  });

  it("takes Electron's BrowserWindow", () => {
    expectTypeOf<BrowserWindow>().toExtend<RecoverableWindow>();
  });
});
