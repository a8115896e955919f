// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { EntityKindName } from '../../../native/api/index.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession, todayStats } from '../test-support/board-fixtures.ts';
import { TODAY_MIN_INTERVAL_MS, TODAY_RECHECK_MS, useTodayStore } from './today.ts';

function todayApp(session = signedInSession()) {
  const app = storeTestApp({ session });
  const readsAt: number[] = [];
  let current = todayStats();
  app.host.handlers['stats.today'] = () => {
    readsAt.push(app.timers.now());
    return current;
  };
  return {
    ...app,
    readsAt,
    setStats(next: ReturnType<typeof todayStats>) {
      current = next;
    },
  };
}

const changed = (kind: EntityKindName) => [{ kind, upserted: ['x'], deleted: [] }];

describe('today store', () => {
  it("reads today's figures on sign-in, not before", async () => {
    const app = todayApp(signedOutSession());
    app.client.start();
    const store = app.run(() => useTodayStore());
    await settle();
    expect(app.readsAt).toHaveLength(0);
    expect(store.stats).toBeNull();

    app.host.state.session = signedInSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    await settle();
    expect(app.readsAt).toHaveLength(1);
    expect(store.stats?.calls.received).toBe(412);
  });

  it('re-reads when calls, incidents or roads change, not for other kinds', async () => {
    const app = todayApp();
    app.client.start();
    const store = app.run(() => useTodayStore());
    await settle();
    expect(app.readsAt).toHaveLength(1);

    app.timers.advance(TODAY_MIN_INTERVAL_MS);
    app.host.publish('entities.changed', changed('camera'));
    app.host.publish('entities.changed', changed('volunteer'));
    await settle();
    expect(app.readsAt).toHaveLength(1);

    for (const kind of ['call', 'incident', 'road'] as const) {
      app.setStats(todayStats({ calls: { received: app.readsAt.length + 500, answered: 0, answerRate: 0 } }));
      app.timers.advance(TODAY_MIN_INTERVAL_MS);
      app.host.publish('entities.changed', changed(kind));
      await settle();
      await settle();
    }
    expect(app.readsAt).toHaveLength(4);
    expect(store.stats?.calls.received).toBe(503);
  });

  it('throttles to one read a second however many changes arrive, and still catches the last one', async () => {
    const app = todayApp();
    app.client.start();
    app.run(() => useTodayStore());
    await settle();
    expect(app.readsAt).toEqual([0]);

    // A burst within the first second: no read until a second after the last one.
    for (let i = 0; i < 20; i++) {
      app.timers.advance(40);
      app.host.publish('entities.changed', changed('call'));
      await settle();
    }
    expect(app.readsAt).toEqual([0]);
    app.timers.advance(199);
    await settle();
    expect(app.readsAt).toEqual([0]);
    app.timers.advance(1); // one second after the first read: one read covers the whole burst
    await settle();
    expect(app.readsAt).toEqual([0, 1000]);

    app.host.publish('entities.changed', changed('road'));
    await settle();
    app.timers.advance(TODAY_MIN_INTERVAL_MS);
    await settle();
    expect(app.readsAt).toEqual([0, 1000, 2000]);
    app.timers.advance(5_000);
    await settle();
    expect(app.readsAt).toEqual([0, 1000, 2000]);
  });

  it('re-reads every minute, so the platform day rolls over at its midnight', async () => {
    const app = todayApp();
    app.client.start();
    const store = app.run(() => useTodayStore());
    await settle();
    expect(store.stats?.day).toBe('2025-03-14');

    app.setStats(todayStats({ day: '2025-03-15', calls: { received: 0, answered: 0, answerRate: null } }));
    app.timers.advance(TODAY_RECHECK_MS);
    await settle();
    await settle();
    expect(store.stats?.day).toBe('2025-03-15');
    expect(store.stats?.calls.received).toBe(0);
  });
});
