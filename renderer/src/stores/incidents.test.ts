// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Params, Result } from '../../../native/api/index.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { incidentRow, signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { BOARD_RECHECK_MS, useIncidentsStore } from './incidents.ts';

type Page = Result<'incidents.page'>;

/** A host whose incidents.page answers only when the test releases it. */
function heldBoard(session = signedInSession()) {
  const app = storeTestApp({ session });
  const asked: Params<'incidents.page'>[] = [];
  const waiting: ((page: Page) => void)[] = [];
  app.host.handlers['incidents.page'] = (params) => {
    asked.push(params);
    return new Promise<Page>((resolve) => waiting.push(resolve));
  };
  async function answer(page: Page): Promise<void> {
    const next = waiting.shift();
    if (!next) throw new Error('no incidents.page call is waiting');
    next(page);
    await settle();
  }
  return { ...app, asked, waiting, answer };
}

const incidentChanged = (ids: string[]) => [{ kind: 'incident' as const, upserted: ids, deleted: [] }];

describe('incidents store', () => {
  it('loads the first board page on sign-in: open statuses, by priority, 50 rows', async () => {
    const app = heldBoard();
    app.client.start();
    const store = app.run(() => useIncidentsStore());
    await settle();
    expect(app.asked).toEqual([
      { filter: { status: ['new', 'verified', 'dispatched', 'accepted', 'on_scene'] }, sort: 'priority', offset: 0, limit: 50 },
    ]);
    expect(store.loaded).toBe(false);
    await app.answer({ total: 2, byPriority: [0, 0, 0, 0], rows: [incidentRow({ id: 'a', priority: 1 }), incidentRow({ id: 'b' })] });
    expect(store.loaded).toBe(true);
    expect(store.total).toBe(2);
    expect(store.rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('re-reads the page when entities.changed names incidents, not for other kinds', async () => {
    const app = heldBoard();
    app.client.start();
    const store = app.run(() => useIncidentsStore());
    await settle();
    await app.answer({ total: 0, byPriority: [0, 0, 0, 0], rows: [] });

    app.host.publish('entities.changed', [{ kind: 'camera', upserted: ['cam-1'], deleted: [] }]);
    await settle();
    expect(app.asked).toHaveLength(1);

    app.host.publish('entities.changed', [{ kind: 'call', upserted: ['c-1'], deleted: [] }, ...incidentChanged(['x'])]);
    await settle();
    expect(app.asked).toHaveLength(2);
    await app.answer({ total: 1, byPriority: [0, 0, 0, 0], rows: [incidentRow({ id: 'x', priority: 1 })] });
    expect(store.rows.map((r) => r.id)).toEqual(['x']);
    expect(store.total).toBe(1);
  });

  it('coalesces: one read in flight, and any number of changes during it bring exactly one more', async () => {
    const app = heldBoard();
    app.client.start();
    const store = app.run(() => useIncidentsStore());
    await settle();
    expect(app.waiting).toHaveLength(1);

    for (let i = 0; i < 5; i++) app.host.publish('entities.changed', incidentChanged([`n${i}`]));
    await settle();
    expect(app.asked).toHaveLength(1); // still only the first in flight

    await app.answer({ total: 1, byPriority: [0, 0, 0, 0], rows: [incidentRow({ id: 'n0' })] });
    expect(app.asked).toHaveLength(2); // one more, for all five changes
    expect(store.rows.map((r) => r.id)).toEqual(['n0']);

    await app.answer({ total: 5, byPriority: [0, 0, 0, 0], rows: [0, 1, 2, 3, 4].map((i) => incidentRow({ id: `n${i}` })) });
    expect(app.asked).toHaveLength(2); // nothing arrived meanwhile: no further read
    expect(store.total).toBe(5);
  });

  it('does not query before sign-in, loads on sign-in, and clears on sign-out', async () => {
    const app = heldBoard(signedOutSession());
    app.client.start();
    const store = app.run(() => useIncidentsStore());
    await settle();
    expect(app.asked).toHaveLength(0);

    app.host.state.session = signedInSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(app.asked).toHaveLength(1);
    await app.answer({ total: 1, byPriority: [0, 0, 0, 0], rows: [incidentRow()] });
    expect(store.rows).toHaveLength(1);

    app.host.publish('entities.changed', incidentChanged(['inc-1']));
    await settle();
    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(store.loaded).toBe(false);
    expect(store.rows).toEqual([]);
    // The answer to the read sent before sign-out is not shown to whoever comes next.
    await app.answer({ total: 1, byPriority: [0, 0, 0, 0], rows: [incidentRow()] });
    expect(store.rows).toEqual([]);
  });

  it('keeps the last page and reports the failure when a read fails', async () => {
    const app = storeTestApp({ session: signedInSession() });
    let fail = false;
    app.host.handlers['incidents.page'] = () => {
      if (fail) throw new Error('cache locked');
      return { total: 1, byPriority: [0, 0, 0, 0], rows: [incidentRow()] };
    };
    app.client.start();
    const store = app.run(() => useIncidentsStore());
    await settle();
    await settle();
    expect(store.rows).toHaveLength(1);
    fail = true;
    app.host.publish('entities.changed', incidentChanged(['inc-1']));
    await settle();
    await settle();
    expect(store.rows).toHaveLength(1);
    expect(store.error?.code).toBe('internal');
  });

  it('re-reads every minute so overdue markers follow the clock', async () => {
    const app = storeTestApp({ session: signedInSession() });
    let reads = 0;
    app.host.handlers['incidents.page'] = () => {
      reads++;
      return { total: 0, byPriority: [0, 0, 0, 0], rows: [] };
    };
    app.client.start();
    app.run(() => useIncidentsStore());
    await settle();
    expect(reads).toBe(1);
    app.timers.advance(BOARD_RECHECK_MS);
    await settle();
    expect(reads).toBe(2);
  });
});
