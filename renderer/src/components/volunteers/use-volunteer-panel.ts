import { storeToRefs } from 'pinia';
import { onScopeDispose, ref, type Ref } from 'vue';
import type { CommandOutcome, EntityKindName, Result } from '../../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../../api/inject.ts';
import { asApiCallError, useSessionStore } from '../../stores/session.ts';
import { liveQuery } from '../../stores/live-query.ts';

export type VolunteerBoard = Result<'volunteers.board'>;
export type VolunteerStats = Result<'volunteers.stats'>;
export type VolunteerReports = Result<'volunteers.reports'>;
export type WaitingReport = VolunteerReports['items'][number];
export type StatsDays = 1 | 7;

/** How many places the leaderboard shows. */
export const BOARD_SIZE = 20;
/** Reports shown at once; the panel says how many more wait. */
export const REPORTS_SHOWN = 50;
/** A busy hour brings many changes a second; the panel need not follow each one. */
export const PANEL_MIN_INTERVAL_MS = 1_000;
/** Patrols move with positions, not entity changes: the counts are re-read this often too. */
export const PATROL_RECHECK_MS = 10_000;

const BOARD_KINDS: ReadonlySet<EntityKindName> = new Set(['volunteer']);
const STATS_KINDS: ReadonlySet<EntityKindName> = new Set(['incident_event', 'volunteer']);
const REPORT_KINDS: ReadonlySet<EntityKindName> = new Set(['incident']);

/**
 * The volunteer panel's three reads, each kept current by the host's pushes
 * (coalesced to one read a second at most) while signed in: the
 * leaderboard, the figures for today or the last 7 days, and the photo
 * reports waiting for verification. Must be called in a component's setup.
 */
export function useVolunteerPanel(days: Ref<StatsDays>, find: Readonly<Ref<string>> = ref('')) {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());
  const enabled = () => signedInWithRole.value;

  const board = liveQuery({
    client,
    timers,
    fetch: async () => {
      const text = find.value.trim();
      return Object.freeze(await client.call('volunteers.board', text === '' ? { limit: BOARD_SIZE } : { limit: BOARD_SIZE, find: text }));
    },
    enabled,
    key: () => find.value.trim(),
    stale: BOARD_KINDS,
    minIntervalMs: PANEL_MIN_INTERVAL_MS,
    // Who is on patrol (the board's badges) moves with positions.
    recheckMs: PATROL_RECHECK_MS,
  });
  const stats = liveQuery({
    client,
    timers,
    fetch: async () => Object.freeze(await client.call('volunteers.stats', { days: days.value })),
    enabled,
    key: () => days.value,
    stale: STATS_KINDS,
    minIntervalMs: PANEL_MIN_INTERVAL_MS,
    recheckMs: PATROL_RECHECK_MS,
  });
  const reports = liveQuery({
    client,
    timers,
    fetch: async () => Object.freeze(await client.call('volunteers.reports', { limit: REPORTS_SHOWN })),
    enabled,
    stale: REPORT_KINDS,
    minIntervalMs: PANEL_MIN_INTERVAL_MS,
  });
  return { board, stats, reports };
}

/** Where a verification or rejection sent from the panel is: like the detail's actions. */
export type ReviewPhase = 'sending' | 'queued' | 'applied' | 'failed';
export interface ReviewState {
  decision: 'verify' | 'reject';
  phase: ReviewPhase;
  commandId: string | null;
  code: string | null;
  message: string | null;
}

/**
 * Verifying (→ verified) and rejecting (→ cancelled, the reason as the
 * transition's note) a report, through `command.send` like every command:
 * the host checks the role, the outbox keeps it through a lost link, and
 * `command.result` says how the platform took it. The report leaves the list
 * when its new status arrives (the reports re-read on incident changes).
 */
export function useReportReview() {
  const client = useConsoleClient();
  const states = ref<Record<string, ReviewState>>({});

  /** Results that arrive before `command.send` has told us the id (kept briefly). */
  const earlyResults = new Map<string, CommandOutcome>();

  function set(incident: string, patch: Partial<ReviewState>): void {
    const prev = states.value[incident];
    if (prev) states.value = { ...states.value, [incident]: { ...prev, ...patch } };
  }

  function settle(incident: string, outcome: CommandOutcome): void {
    set(incident, outcome.ok ? { phase: 'applied', code: null, message: null } : { phase: 'failed', code: outcome.code, message: outcome.message });
  }

  async function send(incident: string, decision: 'verify' | 'reject', reason?: string): Promise<void> {
    states.value = { ...states.value, [incident]: { decision, phase: 'sending', commandId: null, code: null, message: null } };
    const args = decision === 'verify' ? { incident, to: 'verified' as const } : { incident, to: 'cancelled' as const, note: reason };
    try {
      const queued = await client.call('command.send', { name: 'incident.transition', args });
      set(incident, { phase: 'queued', commandId: queued.id });
      const early = earlyResults.get(queued.id);
      if (early) {
        earlyResults.delete(queued.id);
        settle(incident, early);
      }
    } catch (e) {
      // Refused before the outbox (the role, the arguments, no host): said on the report.
      const error = asApiCallError(e);
      set(incident, { phase: 'failed', code: error.code, message: error.message });
    }
  }

  const off = client.subscribe('command.result', (outcomes) => {
    for (const outcome of outcomes) {
      const entry = Object.entries(states.value).find(([, s]) => s.commandId === outcome.id);
      if (entry) settle(entry[0], outcome);
      else if (Object.values(states.value).some((s) => s.phase === 'sending')) {
        earlyResults.set(outcome.id, outcome);
        if (earlyResults.size > 100) earlyResults.delete(earlyResults.keys().next().value!);
      }
    }
  });

  onScopeDispose(off);

  return {
    states,
    verify: (incident: string) => send(incident, 'verify'),
    reject: (incident: string, reason: string) => send(incident, 'reject', reason),
  };
}
