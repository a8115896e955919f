// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { EntityKindName } from '../../../../native/api/index.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { storeTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../../test-support/board-fixtures.ts';
import { DASHBOARD_MIN_INTERVAL_MS, DASHBOARD_RECHECK_MS, useDashboardStore } from '../../stores/dashboard.ts';
import { breakdownsFixture } from './test-kit.ts';

function dashboardApp(session = signedInSession()) {
  const app = storeTestApp({ session });
  const readsAt: number[] = [];
  let current = breakdownsFixture();
  app.host.handlers['stats.breakdowns'] = () => {
    readsAt.push(app.timers.now());
    return current;
  };
  return { ...app, readsAt, set: (next: typeof current) => (current = next) };
}

const changed = (kind: EntityKindName) => [{ kind, upserted: ['x'], deleted: [] }];

describe('dashboard store', () => {
  it('reads the breakdowns for a signed-in duty chief, and drops them on sign-out', async () => {
    const app = dashboardApp();
    app.client.start();
    const store = app.run(() => useDashboardStore());
    await settle();
    await settle();
    expect(app.readsAt).toEqual([0]);
    expect(store.breakdowns?.escalationsTotal).toBe(2);

    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(store.breakdowns).toBeNull();
  });

  it('never asks for another role (the host would refuse)', async () => {
    const app = dashboardApp(signedInSession('call_taker'));
    app.client.start();
    const store = app.run(() => useDashboardStore());
    await settle();
    app.timers.advance(DASHBOARD_RECHECK_MS);
    app.host.publish('entities.changed', changed('incident'));
    await settle();
    expect(app.readsAt).toEqual([]);
    expect(store.breakdowns).toBeNull();
  });

  it('re-reads on incident and department changes, throttled, and every minute for the day rollover', async () => {
    const app = dashboardApp();
    app.client.start();
    const store = app.run(() => useDashboardStore());
    await settle();
    await settle();

    app.host.publish('entities.changed', changed('camera'));
    app.host.publish('entities.changed', changed('call'));
    app.timers.advance(DASHBOARD_MIN_INTERVAL_MS);
    await settle();
    expect(app.readsAt).toEqual([0]);

    app.host.publish('entities.changed', changed('incident'));
    app.host.publish('entities.changed', changed('department'));
    await settle();
    await settle();
    expect(app.readsAt).toEqual([0, DASHBOARD_MIN_INTERVAL_MS]);

    app.set(breakdownsFixture({ day: '2025-03-15' }));
    app.timers.advance(DASHBOARD_RECHECK_MS);
    await settle();
    await settle();
    expect(store.breakdowns?.day).toBe('2025-03-15');
  });

  it('keeps the last breakdowns and says why when a read fails', async () => {
    const app = dashboardApp();
    app.client.start();
    const store = app.run(() => useDashboardStore());
    await settle();
    await settle();
    app.host.handlers['stats.breakdowns'] = () => {
      throw new ApiCallError('internal', 'cache locked');
    };
    app.timers.advance(DASHBOARD_MIN_INTERVAL_MS);
    app.host.publish('entities.changed', changed('incident'));
    await settle();
    await settle();
    expect(store.error?.message).toBe('cache locked');
    expect(store.breakdowns?.escalationsTotal).toBe(2);
  });
});
