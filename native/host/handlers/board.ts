import type { Handler } from '../console-host.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { incidentPage } from '../../store/queries/incident-board.ts';
import { todayStats } from '../../store/queries/today.ts';
import { breakdowns } from '../../store/queries/breakdowns.ts';

import { seesPhones } from '../../api/index.ts';

/**
 * The incident board, today's figures and the duty chief's breakdowns, straight
 * from the cache. `shown` hears each board page answered (the link's index
 * backlog waits for a console's first: platform-link.ts pageShown).
 */
export function boardHandlers(data: DataDir, now: () => number = Date.now, shown: () => void = () => {}) {
  const tz = () => (data.cache.meta('tz') as string | undefined) ?? 'Asia/Shanghai';
  const handlers: {
    'incidents.page': Handler<'incidents.page'>;
    'stats.today': Handler<'stats.today'>;
    'stats.breakdowns': Handler<'stats.breakdowns'>;
  } = {
    'incidents.page': (params, ctx) => {
      const page = incidentPage(data.cache.db, { ...params, now: now(), showPhones: seesPhones(ctx.role) });
      shown();
      return page;
    },
    'stats.today': () => todayStats(data.cache.db, now(), tz()),
    'stats.breakdowns': () => breakdowns(data.cache.db, now(), tz()),
  };
  return handlers;
}
