import { describe, expect, it } from 'vitest';
import { mediaOriginsGate, type GateTimers } from './media-origins-gate.ts';

class FakeTimers implements GateTimers {
  private next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  now = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.pending]) {
      if (t.at <= this.now) {
        this.pending.delete(id);
        t.fn();
      }
    }
  }
}

describe('the media origins gate (the first window waits for the host’s media origins)', () => {
  it('opens when the host reports, before the wait is over, and nothing needs reloading', async () => {
    const timers = new FakeTimers();
    const gate = mediaOriginsGate(timers, 5_000);
    let how: string | null = null;
    void gate.opened.then((h) => (how = h));
    timers.advance(1_200);
    expect(gate.reported()).toBe(false);
    await Promise.resolve();
    expect(how).toBe('reported');
    expect(timers.pending.size).toBe(0);
    // The origins change later (a gateway seen in the cache): loaded pages must reload.
    expect(gate.reported()).toBe(true);
  });

  it('opens after the wait without a report, and a late report asks for a reload', async () => {
    const timers = new FakeTimers();
    const gate = mediaOriginsGate(timers, 5_000);
    let how: string | null = null;
    void gate.opened.then((h) => (how = h));
    timers.advance(4_999);
    await Promise.resolve();
    expect(how).toBeNull();
    timers.advance(1);
    await Promise.resolve();
    expect(how).toBe('waited');
    expect(gate.reported()).toBe(true);
  });
});
