import {
  ApiError,
  type Operator,
  type Role,
  type Warning,
  type WarningHandling,
  type WarningSettingsView,
  type WarningsState,
} from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import type { LinkService } from '../../link/link-service.ts';
import type { ApplyOutcome } from '../../store/cache-store.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { StoredValueError } from '../../store/errors.ts';
import { WarningStore } from '../../store/warning-state.ts';
import { assignKeys, expectedFalsePerDay, humanText, markerNote } from '../../warning/index.ts';
import { queueCommandsTogether } from '../command-queue.ts';
import type { ComputeResult } from './computer.ts';
import type { WarningEngine } from './engine.ts';
import { RecomputeSchedule, type RunWork } from './schedule.ts';
import { WarningSettingsStore } from './settings.ts';
import { warningSummary } from './summary.ts';
import { HANDLED_LISTED_MS, asSeenBy, listOf, sameWarnings, stateOf, warningAsSeenBy, warningsOf } from './warning-list.ts';

export { MIN_GAP_MS, EVERY_MS } from './schedule.ts';
export { ThreadedWarningEngine, inProcessEngine, type WarningEngine } from './engine.ts';

/** A warning's handling is shared as a note on at most this many of its incidents (the newest). */
export const MAX_MARKER_NOTES = 50;
/** How long a closing console waits for a run under way before stopping the thread (no span kept then). */
const RUN_AT_CLOSE_WAIT_MS = 2_000;
/** Warnings not found again for this long are forgotten (their keys free); a cluster that returns within it keeps its key and handling. */
const KEPT_MS = 24 * 3_600_000;
/** How long a restarted console waits for its link before it computes from the cache as it is. */
const START_WAIT_MS = 15_000;
/**
 * How long after that the first computation waits: it reads four weeks of
 * incidents and calls, and at a console's start the browser, the page's
 * first screen and the link share the workstation's cores (issue 10's
 * start-up goals); no warning is needed in the first seconds.
 */
const SETTLE_MS = 10_000;

export interface EarlyWarningDeps {
  data: Pick<DataDir, 'state' | 'cache'>;
  link: Pick<LinkService, 'queueCommands'>;
  workstation: string;
  timers: Timers;
  /** Starts where warnings are computed (a thread in a console, in-process in tests); called at the first run. */
  engine: () => Promise<WarningEngine>;
  /** The console's role now: a repeat caller's phone is masked as it sees phones. */
  role: () => Role | null;
  publish: (state: WarningsState) => void;
  logger?: Logger;
}

/**
 * Early warning in the console's host (issue 14): computed off the host's
 * thread (engine.ts) when the schedule says (schedule.ts), keyed against
 * the warnings state.db keeps (so a restart keeps keys and handling),
 * handled from state.db or a marker seen in the notes of its incidents, and
 * published on `warnings` when it changed. `list` answers the last state at
 * once; it never waits for a computation.
 */
export function earlyWarnings(deps: EarlyWarningDeps) {
  const { state, cache } = deps.data;
  const now = () => deps.timers.now();
  const store = new WarningStore(state.db);
  const settings = new WarningSettingsStore(state);
  let engine: Promise<WarningEngine> | null = null;
  let disposed = false;
  // The cursor cache.db was at when opened, and the one the last change told to the schedule brought: the first
  // run may resume from a span kept at the first (no snapshot since), a clean close keeps one at the second.
  const openedAt = cache.cursor();
  let toldAt = openedAt;
  let resumeAt: number | undefined = openedAt ?? undefined;
  let current: WarningsState = stateOf(listOf([], store.since(now() - HANDLED_LISTED_MS), now()), {
    computedAt: 0,
    tookMs: 0,
    baselineDays: 0,
  });

  const publish = () => deps.publish(asSeenBy(current, deps.role()));

  const apply = (result: ComputeResult) => {
    const at = result.now;
    const kept = store.since(at - KEPT_MS);
    const found = warningsOf(assignKeys(kept, result.findings), new Map(kept.map((w) => [w.key, w])), result.markers, at);
    store.saveComputed(found, at, { keepSinceMs: at - KEPT_MS, handledSinceMs: at - HANDLED_LISTED_MS });
    const next = stateOf(listOf(found, kept, at), {
      computedAt: at,
      tookMs: Math.round(result.tookMs * 10) / 10,
      baselineDays: result.baselineDays,
    });
    const changed = current.computedAt === 0 || !sameWarnings(current, next);
    current = next;
    if (changed) publish();
  };

  const run = async (work: RunWork): Promise<boolean> => {
    try {
      engine ??= deps.engine();
      // Offered once: a later first run (a thread started again) has lost the changes its predecessor took.
      const resume = resumeAt !== undefined && work.reload ? { resumeAt } : {};
      resumeAt = undefined;
      const result = await (await engine).compute({ now: now(), settings: settings.get(), ...work, ...resume });
      if (!disposed) {
        apply(result);
        // One line a run: how often it runs, how long it takes and what it found (a late warning is read from these).
        deps.logger?.info('early warning: computed', {
          reload: work.reload,
          resumed: result.resumed,
          changed: work.changed.incidents.length + work.changed.calls.length + work.changed.events.length,
          findings: result.findings.length,
          clusters: result.findings.filter((f) => f.kind === 'cluster').length,
          tookMs: Math.round(result.tookMs),
          loadMs: Math.round(result.loadMs),
          baselineDays: result.baselineDays,
        });
      }
      return true;
    } catch (error) {
      if (!disposed) deps.logger?.warn('early warning: a computation failed', { error: String((error as Error)?.stack ?? error) });
      // A thread that did not start is started again at the next run.
      if (
        engine &&
        (await engine.then(
          () => false,
          () => true,
        ))
      )
        engine = null;
      return false;
    }
  };
  const schedule = new RecomputeSchedule(deps.timers, run);

  const operator = (): Operator | null => {
    try {
      return state.signedInOperator();
    } catch (error) {
      if (error instanceof StoredValueError) return null;
      throw error;
    }
  };
  const audit = (entry: { operator: string | null; action: string; target: string | null; result: string; detail?: unknown }) =>
    state.audit({ ...entry, role: operator()?.role ?? null, workstation: deps.workstation }, now());

  /** The operator acting, or unauthenticated; a refusal is audited like a command's. */
  const acting = <T>(action: string, target: string | null, act: (who: Operator) => T): T => {
    const who = operator();
    try {
      if (who === null) throw new ApiError('unauthenticated', `sign in to use ${action}`);
      return act(who);
    } catch (error) {
      if (error instanceof ApiError)
        audit({ operator: who?.id ?? null, action, target, result: `refused: ${error.code}`, detail: { reason: error.message } });
      throw error;
    }
  };

  /**
   * Acknowledged or dismissed: state.db first, then the audit entry, then
   * one marked `incident.note` per incident (at most MAX_MARKER_NOTES, the
   * newest) through the queue operator commands take — durable in the
   * outbox, sent when the link is up — so every console sees it handled.
   */
  const handle = (key: string, action: WarningHandling['action'], text: string): Warning => {
    const method = action === 'acknowledged' ? 'warnings.acknowledge' : 'warnings.dismiss';
    return acting(method, key, (who) => {
      const listed = current.warnings.find((w) => w.key === key);
      if (!listed) throw new ApiError('not_found', `no warning "${key}" is listed (it may have ended more than a day ago)`);
      const at = now();
      const handling: WarningHandling = { action, by: who.name, at, text };
      const handled: Warning = { ...listed, status: action, handling, updatedAt: at };
      store.putHandled(handled, at);
      const incidents = handled.incidents.slice(0, MAX_MARKER_NOTES);
      audit({
        operator: who.id,
        action: method,
        target: key,
        result: 'saved',
        detail: { ...(action === 'acknowledged' ? { note: text } : { reason: text }), kind: handled.kind, notes: incidents.length },
      });
      const note = markerNote(handled, handling, humanText(handling, warningSummary(handled)));
      if (incidents.length > 0) {
        queueCommandsTogether(
          incidents.map((incident) => ({ name: 'incident.note', args: { incident, text: note } })),
          {
            state,
            cache: cache.db,
            workstation: deps.workstation,
            now,
            enqueueTogether: (c, by, alongside) => deps.link.queueCommands(c, by, alongside),
          },
        );
      }
      const warnings = listOf(
        current.warnings.map((w) => (w.key === key ? handled : w)),
        [],
        at,
      );
      current = stateOf(warnings, { computedAt: current.computedAt, tookMs: current.tookMs, baselineDays: current.baselineDays });
      publish();
      return handled;
    });
  };

  const settingsView = (): WarningSettingsView => {
    const s = settings.get();
    return { settings: s, expectedFalsePerDay: expectedFalsePerDay(s) };
  };

  return {
    /** The last state as the role sees it, at once. */
    list: (role: Role | null): WarningsState => asSeenBy(current, role),
    /** What a window subscribing to `warnings` gets first. */
    snapshot: (): WarningsState => asSeenBy(current, deps.role()),
    acknowledge: (key: string, note: string | undefined, role: Role | null) =>
      warningAsSeenBy(handle(key, 'acknowledged', note?.trim() ?? ''), role),
    dismiss: (key: string, reason: string, role: Role | null) => warningAsSeenBy(handle(key, 'dismissed', reason.trim()), role),
    settings: settingsView,
    setSettings: (patch: Parameters<WarningSettingsStore['set']>[0]) =>
      acting('warnings.setSettings', null, (who) => {
        settings.set(patch);
        audit({ operator: who.id, action: 'warnings.setSettings', target: null, result: 'saved', detail: patch });
        schedule.request();
        return settingsView();
      }),
    /** The link applied a batch (or a snapshot): what changed goes into the next run. */
    applied: (outcome: Pick<ApplyOutcome, 'changed'>, via: string) => {
      toldAt = cache.cursor();
      if (via === 'snapshot') {
        resumeAt = undefined;
        return schedule.snapshot();
      }
      const ids = (kind: 'incident' | 'call' | 'incident_event') => {
        const c = outcome.changed.get(kind);
        return c ? [...c.upserted, ...c.deleted] : [];
      };
      const changed = { incidents: ids('incident'), calls: ids('call'), events: ids('incident_event') };
      if (changed.incidents.length + changed.calls.length + changed.events.length > 0) schedule.changed(changed);
    },
    /** Resolves when the computation under way (if any) is applied (tests, the benchmark). */
    settled: () => schedule.settled(),
    /** Starts computing now (the cache is up to date, or there is no platform). */
    start: () => schedule.start(),
    /**
     * Starts once the cache has caught up with the platform (the link live;
     * a first start's snapshot is in by then), or without a platform, or
     * after `waitMs` when the link does not come up (the warnings are then
     * computed from the cache as it is) — each `settleMs` later. Returns the
     * stop.
     */
    startWhenCaughtUp: (
      link: Pick<LinkService, 'status' | 'onStatus'>,
      waitMs = START_WAIT_MS,
      settleMs = SETTLE_MS,
    ): (() => void) => {
      let settle: unknown = null;
      let off: (() => void) | null = null;
      let timer: unknown = null;
      const end = () => {
        off?.();
        off = null;
        if (timer !== null) deps.timers.clearTimeout(timer);
        if (settle !== null) deps.timers.clearTimeout(settle);
        timer = settle = null;
      };
      const go = () => {
        off?.();
        off = null;
        if (timer !== null) deps.timers.clearTimeout(timer);
        timer = null;
        settle ??= deps.timers.setTimeout(() => {
          settle = null;
          schedule.start();
        }, settleMs);
      };
      const state = link.status().state;
      if (state === 'live' || state === 'unconfigured') {
        go();
        return end;
      }
      timer = deps.timers.setTimeout(go, waitMs);
      off = link.onStatus((status) => {
        if (status.state === 'live') go();
      });
      return end;
    },
    /** No run starts after this (a closing console); changes told meanwhile are kept for dispose. */
    stopRuns: () => schedule.dispose(),
    /**
     * Closes the thread. A run under way is waited for a while (RUN_AT_CLOSE_WAIT_MS); then, idle, the thread
     * keeps its span for the next start first, with the changes not yet run.
     */
    dispose: async () => {
      schedule.dispose();
      let timer: unknown = null;
      await Promise.race([schedule.settled(), new Promise<void>((resolve) => (timer = deps.timers.setTimeout(() => resolve(), RUN_AT_CLOSE_WAIT_MS)))]);
      deps.timers.clearTimeout(timer);
      disposed = true;
      const running = engine;
      engine = null;
      const keep = toldAt === null ? undefined : { cursor: toldAt, changed: schedule.pending() };
      if (running)
        await running.then(
          (e) => e.close(keep),
          () => undefined,
        );
    },
  };
}

export type EarlyWarnings = ReturnType<typeof earlyWarnings>;
