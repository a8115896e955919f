// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { TodayStats } from '../../../../native/api/index.ts';
import { storeTestApp, settle } from '../../test-support/egret-app.ts';
import { linkStatus } from '../../test-support/fake-host.ts';
import { signedInSession, todayStats } from '../../test-support/board-fixtures.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { FIRST_SCREEN_WAIT_MS, useFirstScreenIn } from './first-screen.ts';

const noRows = () => ({ total: 0, byPriority: [0, 0, 0, 0] as [number, number, number, number], rows: [] });

/** A chief's window whose first screen is watched; `isIn()` says whether it counted as in. */
async function watchFirstScreen(link: Parameters<typeof linkStatus>[0], handlers: { today?: () => TodayStats | Promise<TodayStats> } = {}) {
  const app = storeTestApp({ session: signedInSession(), link });
  const today: { answer: ((stats: TodayStats) => void) | null } = { answer: null };
  app.host.handlers['stats.today'] = handlers.today ?? (() => new Promise<TodayStats>((resolve) => (today.answer = resolve)));
  app.host.handlers['incidents.page'] = noRows;
  let inn = false;
  void app.run(() => useFirstScreenIn()).then(() => (inn = true));
  app.client.start();
  for (let i = 0; i < 5; i++) await settle();
  return { ...app, today, isIn: async () => (await settle(), inn) };
}

describe("the duty chief's first screen", () => {
  it('is in once the link is live, today’s figures are read and the board has its rows — not before', async () => {
    const w = await watchFirstScreen({ state: 'snapshot' });
    // The board's rows are in, the figures are not, the link is still taking its snapshot.
    expect(await w.isIn()).toBe(false);
    w.today.answer!(todayStats());
    expect(await w.isIn()).toBe(false);
    w.host.publish('link.status', linkStatus({ state: 'live' }));
    expect(await w.isIn()).toBe(true);
  });

  it('counts a link that settled elsewhere than live, and figures that failed, as shown', async () => {
    const w = await watchFirstScreen(
      { state: 'connecting' },
      {
        today: () => {
          throw new ApiCallError('internal', 'cache unreadable');
        },
      },
    );
    expect(await w.isIn()).toBe(false);
    w.host.publish('link.status', linkStatus({ state: 'offline' }));
    expect(await w.isIn()).toBe(true);
  });

  it('a link that never settles holds nothing back for longer than FIRST_SCREEN_WAIT_MS of the window’s clock', async () => {
    const w = await watchFirstScreen({ state: 'connecting' }, { today: () => todayStats() });
    w.timers.advance(FIRST_SCREEN_WAIT_MS - 1);
    expect(await w.isIn()).toBe(false);
    w.timers.advance(1);
    expect(await w.isIn()).toBe(true);
  });
});
