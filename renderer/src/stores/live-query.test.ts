import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { EntitiesChanged } from '../../../native/api/index.ts';
import type { ConnectionStatus, ConsoleClient } from '../api/client.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import { ManualTimers } from '../test-support/manual-timers.ts';
import { latestQuery, latestWins, liveQuery } from './live-query.ts';

/** A fetch whose answers the test hands out, in any order. */
function heldFetch<A extends unknown[], T>() {
  const asked: { args: A; resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const fetch = (...args: A) => new Promise<T>((resolve, reject) => asked.push({ args, resolve, reject }));
  return { fetch, asked };
}

/** Lets promise callbacks run (answers are applied a few microtasks after they arrive). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** The two pushes a live query listens to, played by the test. */
function fakePushes() {
  const changeListeners = new Set<(batch: EntitiesChanged[]) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const client = {
    subscribe: ((topic: string, cb: (batch: EntitiesChanged[]) => void) => {
      if (topic !== 'entities.changed') throw new Error(`unexpected topic ${topic}`);
      changeListeners.add(cb);
      return () => changeListeners.delete(cb);
    }) as ConsoleClient['subscribe'],
    onStatusChange: (cb: (status: ConnectionStatus) => void) => {
      statusListeners.add(cb);
      return () => void statusListeners.delete(cb);
    },
  };
  return {
    client,
    changed: (kind: EntitiesChanged['kind'], ids: string[] = ['x']) => {
      for (const cb of changeListeners) cb([{ kind, upserted: ids, deleted: [] }]);
    },
    reconnected: () => {
      for (const cb of statusListeners) cb({ state: 'connected', retryAt: null, failures: 0, lastFailure: null });
    },
    get listeners() {
      return changeListeners.size + statusListeners.size;
    },
  };
}

describe('latestWins', () => {
  it('makes every earlier ticket stale with each new request, and all of them on drop', () => {
    const latest = latestWins();
    const first = latest.next();
    const command = latest.join();
    expect(first()).toBe(true);
    expect(command()).toBe(true);
    const second = latest.next();
    expect([first(), command(), second()]).toEqual([false, false, true]);
    latest.drop();
    expect(second()).toBe(false);
  });
});

describe('latestQuery', () => {
  it('shows only the newest answer when answers come back out of order', async () => {
    const scope = effectScope();
    const { fetch, asked } = heldFetch<[string], string>();
    const q = scope.run(() => latestQuery(fetch, { timers: new ManualTimers() }))!;
    void q.ask('a');
    void q.ask('ab');
    expect(q.loading.value).toBe(true);
    asked[1]!.resolve('answer to ab');
    await settle();
    expect(q.data.value).toBe('answer to ab');
    expect(q.loading.value).toBe(false);
    asked[0]!.resolve('answer to a');
    await settle();
    expect(q.data.value).toBe('answer to ab');
    scope.stop();
  });

  it('keeps the last answer through a failure, says why, and forgets the failure on the next answer', async () => {
    const scope = effectScope();
    const { fetch, asked } = heldFetch<[], number>();
    const q = scope.run(() => latestQuery(fetch, { timers: new ManualTimers() }))!;
    void q.ask();
    asked[0]!.resolve(1);
    await settle();
    void q.ask();
    asked[1]!.reject(new ApiCallError('internal', 'cache locked'));
    await settle();
    expect(q.data.value).toBe(1);
    expect(q.error.value?.message).toBe('cache locked');
    expect(q.loading.value).toBe(false);
    void q.ask();
    asked[2]!.resolve(2);
    await settle();
    expect([q.data.value, q.error.value]).toEqual([2, null]);
    scope.stop();
  });

  it('ignores the failure of an overtaken request', async () => {
    const scope = effectScope();
    const { fetch, asked } = heldFetch<[], number>();
    const q = scope.run(() => latestQuery(fetch, { timers: new ManualTimers() }))!;
    void q.ask();
    void q.ask();
    asked[1]!.resolve(7);
    asked[0]!.reject(new Error('too late to matter'));
    await settle();
    expect([q.data.value, q.error.value]).toEqual([7, null]);
    scope.stop();
  });

  it('turns a fetch that throws at once into an error, not a rejection', async () => {
    const scope = effectScope();
    const q = scope.run(() =>
      latestQuery(
        (): Promise<number> => {
          throw new Error('bad params');
        },
        { timers: new ManualTimers() },
      ),
    )!;
    await q.ask();
    expect(q.error.value?.message).toBe('bad params');
    expect(q.loading.value).toBe(false);
    scope.stop();
  });

  it('resolves an overtaken ask only once the newest answer is in', async () => {
    const scope = effectScope();
    const { fetch, asked } = heldFetch<[], string>();
    const q = scope.run(() => latestQuery(fetch, { timers: new ManualTimers() }))!;
    let firstDone = false;
    void q.ask().then(() => (firstDone = true));
    void q.ask();
    asked[0]!.resolve('old');
    await settle();
    expect(firstDone).toBe(false);
    asked[1]!.resolve('new');
    await settle();
    expect(firstDone).toBe(true);
    expect(q.data.value).toBe('new');
    scope.stop();
  });

  it('sends only the last of a burst of askSoon, once the operator pauses', async () => {
    const scope = effectScope();
    const timers = new ManualTimers();
    const { fetch, asked } = heldFetch<[string], string>();
    const q = scope.run(() => latestQuery(fetch, { timers, debounceMs: 250 }))!;
    for (const text of ['h', 'hu', 'hub']) {
      q.askSoon(text);
      timers.advance(100);
    }
    expect(asked).toHaveLength(0);
    timers.advance(150);
    expect(asked.map((a) => a.args)).toEqual([['hub']]);
    scope.stop();
  });

  it('reset drops what is on its way and what is waiting', async () => {
    const scope = effectScope();
    const timers = new ManualTimers();
    const { fetch, asked } = heldFetch<[string], string>();
    const q = scope.run(() => latestQuery(fetch, { timers, debounceMs: 250 }))!;
    void q.ask('a');
    q.askSoon('b');
    q.reset();
    expect(q.loading.value).toBe(false);
    timers.advance(1_000);
    expect(asked).toHaveLength(1);
    asked[0]!.resolve('late');
    await settle();
    expect(q.data.value).toBeNull();
    scope.stop();
  });

  it('stops with its scope: nothing waits on the clock and a late answer is dropped', async () => {
    const scope = effectScope();
    const timers = new ManualTimers();
    const { fetch, asked } = heldFetch<[string], string>();
    const q = scope.run(() => latestQuery(fetch, { timers, debounceMs: 250 }))!;
    void q.ask('a');
    q.askSoon('b');
    scope.stop();
    expect(timers.pendingCount).toBe(0);
    asked[0]!.resolve('late');
    await settle();
    expect(q.data.value).toBeNull();
    await q.ask('c');
    expect(asked).toHaveLength(1);
  });
});

describe('liveQuery', () => {
  function setup(options: { minIntervalMs?: number; recheckMs?: number; paused?: () => boolean } = {}) {
    const scope = effectScope();
    const timers = new ManualTimers();
    const pushes = fakePushes();
    const signedIn = ref(false);
    const subject = ref('inc-1');
    const { fetch, asked } = heldFetch<[], string>();
    const fetchSubject = () => fetch().then((answer) => `${subject.value}: ${answer}`);
    const q = scope.run(() =>
      liveQuery({
        client: pushes.client,
        timers,
        fetch: fetchSubject,
        enabled: () => signedIn.value,
        key: () => subject.value,
        stale: new Set(['incident'] as const),
        ...options,
      }),
    )!;
    return { scope, timers, pushes, signedIn, subject, asked, q };
  }

  it('asks only while enabled, and drops the answer (and one on its way) when it stops', async () => {
    const { scope, signedIn, asked, q } = setup();
    expect(asked).toHaveLength(0);
    signedIn.value = true;
    expect(asked).toHaveLength(1);
    asked[0]!.resolve('open incidents');
    await settle();
    expect(q.data.value).toBe('inc-1: open incidents');

    q.refresh();
    expect(asked).toHaveLength(2);
    signedIn.value = false;
    expect(q.data.value).toBeNull();
    asked[1]!.resolve('for whoever signed out');
    await settle();
    expect(q.data.value).toBeNull();
    scope.stop();
  });

  it('asks about a new subject at once and never shows the old one’s late answer', async () => {
    const { scope, signedIn, subject, asked, q } = setup({ minIntervalMs: 300 });
    signedIn.value = true;
    asked[0]!.resolve('first');
    await settle();
    subject.value = 'inc-2';
    expect(q.data.value).toBeNull();
    expect(asked).toHaveLength(2); // not held back by the 300 ms between refreshes
    subject.value = 'inc-3';
    expect(asked).toHaveLength(3);
    asked[1]!.resolve('about inc-2');
    await settle();
    expect(q.data.value).toBeNull();
    asked[2]!.resolve('second');
    await settle();
    expect(q.data.value).toBe('inc-3: second');
    scope.stop();
  });

  it('re-asks, coalesced, when a change makes it stale, on reconnect and every recheck', async () => {
    const { scope, timers, pushes, signedIn, asked } = setup({ minIntervalMs: 1_000, recheckMs: 60_000 });
    signedIn.value = true;
    asked[0]!.resolve('a');
    await settle();

    pushes.changed('camera');
    timers.advance(1_000);
    expect(asked).toHaveLength(1);

    for (let i = 0; i < 5; i++) pushes.changed('incident');
    expect(asked).toHaveLength(2);
    for (let i = 0; i < 5; i++) pushes.changed('incident');
    asked[1]!.resolve('b');
    await settle();
    timers.advance(1_000);
    expect(asked).toHaveLength(3); // one more for the five that came during the read

    asked[2]!.resolve('c');
    await settle();
    timers.advance(1_000);
    pushes.reconnected();
    expect(asked).toHaveLength(4);
    asked[3]!.resolve('d');
    await settle();
    timers.advance(58_000);
    expect(asked).toHaveLength(5);
    scope.stop();
  });

  it('while paused keeps its answer and asks nothing; a change missed meanwhile is asked for the moment it resumes', async () => {
    const hidden = ref(false);
    const { scope, pushes, signedIn, asked, q } = setup({ paused: () => hidden.value });
    signedIn.value = true;
    asked[0]!.resolve('a');
    await settle();
    hidden.value = true;
    pushes.changed('incident');
    pushes.changed('incident');
    await settle();
    expect(asked).toHaveLength(1);
    expect(q.data.value).toBe('inc-1: a');
    hidden.value = false;
    await nextTick();
    expect(asked).toHaveLength(2);
    // Shown again with nothing missed: nothing to ask.
    asked[1]!.resolve('b');
    await settle();
    hidden.value = true;
    await nextTick();
    hidden.value = false;
    await nextTick();
    expect(asked).toHaveLength(2);
    scope.stop();
  });

  it('takes a test of the pushed changes instead of kinds', async () => {
    const scope = effectScope();
    const timers = new ManualTimers();
    const pushes = fakePushes();
    const { fetch, asked } = heldFetch<[], string>();
    scope.run(() =>
      liveQuery({
        client: pushes.client,
        timers,
        fetch,
        enabled: () => true,
        stale: (batch) => batch.some((c) => c.upserted.includes('inc-9')),
      }),
    );
    asked[0]!.resolve('a');
    await settle();
    pushes.changed('incident', ['inc-1']);
    expect(asked).toHaveLength(1);
    pushes.changed('incident', ['inc-9']);
    expect(asked).toHaveLength(2);
    scope.stop();
  });

  it('stops with its scope: no listeners, no timers, no more requests', async () => {
    const { scope, timers, pushes, signedIn, asked } = setup({ minIntervalMs: 1_000, recheckMs: 60_000 });
    signedIn.value = true;
    scope.stop();
    expect(pushes.listeners).toBe(0);
    expect(timers.pendingCount).toBe(0);
    timers.advance(120_000);
    signedIn.value = false;
    signedIn.value = true;
    await nextTick();
    expect(asked).toHaveLength(1);
  });
});
