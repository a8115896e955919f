import { STATES, type PositionBook } from '../../geo/position-book.ts';
import type { DataDir } from '../../store/data-dir.ts';
import {
  attachmentResolver,
  offerStats,
  patrolByDistrict,
  volunteerBoard,
  waitingReports,
  type PatrolPosition,
} from '../../store/queries/volunteer-stats.ts';
import type { Handler } from '../console-host.ts';

/**
 * A position older than this is not "on patrol now": volunteers on duty
 * report every few seconds (spec §5), and one whose phone went quiet this
 * long has gone off duty or lost signal.
 */
export const PATROL_FRESH_MS = 10 * 60_000;

/** Who is on patrol now, from the host's live position book: reported lately and not offline. */
export function onPatrol(book: PositionBook, now: number): PatrolPosition[] {
  const out: PatrolPosition[] = [];
  for (let i = 0; i < book.size; i++) {
    const state = STATES[book.state[i]!];
    if (state === undefined || state === 'offline' || now - book.ts[i]! > PATROL_FRESH_MS) continue;
    out.push({ id: book.idAt(i), available: state === 'available' });
  }
  return out;
}

/**
 * The volunteer panel (issue 11): the leaderboard, patrols and offers'
 * figures, and photo reports waiting for verification. Verifying and
 * rejecting go through `command.send` like every command.
 */
export function volunteerPanelHandlers(data: DataDir, positions: PositionBook, platformUrl: string | null, now: () => number = Date.now) {
  const tz = () => (data.cache.meta('tz') as string | undefined) ?? 'Asia/Shanghai';
  const resolveUrl = attachmentResolver(platformUrl);
  const patrolState = (at: number) => {
    const live = new Map(onPatrol(positions, at).map((p) => [p.id, p.available ? ('available' as const) : ('busy' as const)]));
    return (id: string) => live.get(id) ?? null;
  };
  const handlers: {
    'volunteers.board': Handler<'volunteers.board'>;
    'volunteers.stats': Handler<'volunteers.stats'>;
    'volunteers.reports': Handler<'volunteers.reports'>;
  } = {
    'volunteers.board': ({ limit, find }) => volunteerBoard(data.cache.db, limit, patrolState(now()), find),
    'volunteers.stats': ({ days }) => {
      const at = now();
      return { ...offerStats(data.cache.db, at, tz(), days), patrol: patrolByDistrict(data.cache.db, onPatrol(positions, at)) };
    },
    'volunteers.reports': ({ limit }) => waitingReports(data.cache.db, limit, resolveUrl),
  };
  return handlers;
}
