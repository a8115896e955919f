import { ApiError, type Operator, type WaveState } from '../../api/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { Timers } from '../../common/timers.ts';
import type { LinkService } from '../../link/link-service.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { OfferWaveStore } from '../../store/offer-waves.ts';
import { acceptedAmong, offeredIncident } from '../../store/queries/offer-acceptance.ts';
import { StoredValueError } from '../../store/errors.ts';
import { queueCommand } from '../command-queue.ts';
import type { Handler } from '../console-host.ts';
import { WaveSettingsStore } from './settings.ts';
import { WaveRunner, type WaveRunnerDeps } from './wave-runner.ts';

export { DEFAULT_WAVE_SETTINGS } from './settings.ts';
export { WaveRunner } from './wave-runner.ts';

export interface OfferWavesDeps {
  data: Pick<DataDir, 'state' | 'cache'>;
  link: Pick<LinkService, 'queueCommand'>;
  workstation: string;
  timers: Timers;
  /** Available, verified volunteers near a point (the host's `volunteers.nearest`), ids nearest first. */
  nearest: WaveRunnerDeps['nearest'];
  publish: (states: WaveState[]) => void;
  logger?: Logger;
}

/** How long a restarted console waits for its link before it resumes the waves from the cache as it is. */
const RESUME_WAIT_MS = 15_000;

export type OfferHandlers = {
  'offers.start': Handler<'offers.start'>;
  'offers.stop': Handler<'offers.stop'>;
  'offers.list': Handler<'offers.list'>;
  'offers.settings': Handler<'offers.settings'>;
  'offers.setSettings': Handler<'offers.setSettings'>;
};

/**
 * 派单 waves in the console's host: the runner over state.db and the cache,
 * its console methods, and the `offers.waves` topic. Each wave's offer goes
 * through `queueCommand` like a window's `command.send` (schema, the signed-in
 * operator's role, audit, outbox). Call `resume` once the host is up.
 */
export function offerWaves(deps: OfferWavesDeps) {
  const { state, cache } = deps.data;
  const now = () => deps.timers.now();
  const settings = new WaveSettingsStore(state);
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

  const runner = new WaveRunner({
    runs: new OfferWaveStore(state.db),
    settings: () => settings.get(),
    timers: deps.timers,
    incident: (id) => offeredIncident(cache.db, id),
    acceptedAmong: (incident, offered) => acceptedAmong(cache.db, incident, offered),
    nearest: deps.nearest,
    offer: (args) =>
      queueCommand(
        { name: 'incident.offer', args },
        { state, cache: cache.db, workstation: deps.workstation, enqueue: (name, a, by) => deps.link.queueCommand(name, a, by), now },
      ).id,
    audit,
    publish: deps.publish,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });

  /** The operator acting, or unauthenticated; a refusal is audited like a command's. */
  const acting = <T>(action: string, target: string | null, act: (operatorId: string) => T): T => {
    const who = operator();
    try {
      if (who === null) throw new ApiError('unauthenticated', `sign in to use ${action}`);
      return act(who.id);
    } catch (error) {
      if (error instanceof ApiError)
        audit({ operator: who?.id ?? null, action, target, result: `refused: ${error.code}`, detail: { reason: error.message } });
      throw error;
    }
  };

  const handlers: OfferHandlers = {
    'offers.start': (params) => acting('offers.start', params.incident, (id) => runner.start(params, id)),
    'offers.stop': ({ incident }) => acting('offers.stop', incident, (id) => runner.stop(incident, id)),
    'offers.list': () => runner.list(),
    'offers.settings': () => settings.get(),
    'offers.setSettings': (patch) =>
      acting('offers.setSettings', null, (id) => {
        const saved = settings.set(patch);
        audit({ operator: id, action: 'offers.setSettings', target: null, result: 'saved', detail: patch });
        return saved;
      }),
  };

  return {
    handlers,
    /** What a window subscribing to `offers.waves` gets first. */
    snapshot: () => runner.list(),
    /** Incidents or their events changed in the cache: a run whose offer was taken ends now. */
    cacheChanged: () => runner.cacheChanged(),
    resume: () => runner.resume(),
    /**
     * Resumes the runs a restart found (a wave due meanwhile goes at once)
     * once the cache has caught up with the platform — the link live — so
     * an offer taken while the console was down is seen first and nobody
     * else is offered it; without a platform at once; and after `waitMs`
     * when the link does not come up (offline, the waves go on from what the
     * cache knows, each queued in the outbox). Returns the stop.
     */
    resumeWhenCaughtUp: (link: Pick<LinkService, 'status' | 'onStatus'>, waitMs = RESUME_WAIT_MS): (() => void) => {
      const state = link.status().state;
      if (state === 'live' || state === 'unconfigured') {
        runner.resume();
        return () => {};
      }
      let waiting = true;
      let off: (() => void) | null = null;
      const end = () => {
        waiting = false;
        off?.();
        deps.timers.clearTimeout(timer);
      };
      const go = () => {
        if (!waiting) return;
        end();
        runner.resume();
      };
      const timer = deps.timers.setTimeout(go, waitMs);
      off = link.onStatus((status) => {
        if (status.state === 'live') go();
      });
      if (!waiting) off();
      return end;
    },
    dispose: () => runner.dispose(),
  };
}
