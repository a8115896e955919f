import { getCurrentScope, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { ConsoleClient } from '../api/client.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import type { Timers } from '../api/timers.ts';
import { asApiCallError } from './session.ts';
import { coalescedRefresh, keepFresh, type Staleness } from './coalesced-refresh.ts';

/**
 * Latest request wins. A view asks the host again when the operator types,
 * picks another incident, or the city changes; answers come back in any
 * order, and one to a request that has been overtaken (or to a subject the
 * operator has left, or from before a sign-out) must never be shown.
 */

/** Whether the answer to a request is still wanted. */
export type StillWanted = () => boolean;

export interface LatestWins {
  /** Starts a request: every ticket handed out before goes stale. */
  next(): StillWanted;
  /** A ticket for what is current, overtaking nothing (a command about the open incident). */
  join(): StillWanted;
  /** Makes every ticket stale with no new request (sign-out, a subject left). */
  drop(): void;
}

export function latestWins(): LatestWins {
  let generation = 0;
  function ticket(mine: number): StillWanted {
    return () => mine === generation;
  }
  return {
    next: () => ticket(++generation),
    join: () => ticket(generation),
    drop: () => void generation++,
  };
}

export interface LatestQuery<A extends unknown[], T> {
  /** The newest answer, kept through later failures; null before the first and after `reset`. */
  readonly data: Readonly<Ref<T | null>>;
  /** Why the newest request failed; null again once one succeeds. */
  readonly error: Readonly<Ref<ApiCallError | null>>;
  /** A request whose answer is wanted is on its way. */
  readonly loading: Readonly<Ref<boolean>>;
  /**
   * Asks now, overtaking whatever is on its way or waiting. Never rejects;
   * resolves once the newest answer is in (if this one was overtaken, once
   * the one that overtook it is).
   */
  ask(...args: A): Promise<void>;
  /** Asks after `debounceMs` without another `askSoon` (typing): only the last is sent. */
  askSoon(...args: A): void;
  /** Forgets the answer and the error; what is on its way or waiting is dropped. */
  reset(): void;
}

/**
 * One query whose newest request wins: answers to overtaken requests are
 * dropped, failures are kept apart from the last good answer. Stops with
 * the calling scope (a store or component): a waiting `askSoon` is
 * cancelled and a late answer is dropped.
 */
export function latestQuery<A extends unknown[], T>(
  fetch: (...args: A) => Promise<T>,
  options: { timers: Timers; debounceMs?: number },
): LatestQuery<A, T> {
  const { timers, debounceMs = 0 } = options;
  const data = shallowRef<T | null>(null);
  const error = shallowRef<ApiCallError | null>(null);
  const loading = ref(false);
  const tickets = latestWins();
  /** Settles when the newest request's answer is in; null when there is none. */
  let newest: Promise<void> | null = null;
  let soon: unknown = null;
  let stopped = false;

  function cancelSoon(): void {
    if (soon !== null) timers.clearTimeout(soon);
    soon = null;
  }

  async function answer(args: A, wanted: StillWanted): Promise<void> {
    try {
      const result = await fetch(...args);
      if (!wanted()) return;
      data.value = result;
      error.value = null;
    } catch (e) {
      if (wanted()) error.value = asApiCallError(e);
    } finally {
      if (wanted()) loading.value = false;
    }
  }

  function ask(...args: A): Promise<void> {
    cancelSoon();
    if (stopped) return Promise.resolve();
    const wanted = tickets.next();
    loading.value = true;
    const settled: Promise<void> = answer(args, wanted).then(() => (wanted() || newest === null ? undefined : newest));
    newest = settled;
    return settled;
  }

  function askSoon(...args: A): void {
    cancelSoon();
    if (stopped) return;
    soon = timers.setTimeout(() => {
      soon = null;
      void ask(...args);
    }, debounceMs);
  }

  function drop(): void {
    cancelSoon();
    tickets.drop();
    newest = null;
    loading.value = false;
  }

  function reset(): void {
    drop();
    data.value = null;
    error.value = null;
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      drop();
    });
  }

  return { data, error, loading, ask, askSoon, reset };
}

export interface LiveQuery<T> extends Omit<LatestQuery<[], T>, 'askSoon' | 'ask'> {
  /** Asks again when the coalescing allows (at most one in flight, `minIntervalMs` apart). */
  refresh(): void;
  /** Asks at once, past the coalescing, while enabled; resolves once the newest answer is in. */
  ask(): Promise<void>;
}

/**
 * A query the host's pushes keep current: asked while `enabled` holds
 * (dropped the moment it stops: sign-out, a role that may not ask), asked
 * again on a change that makes it `stale`, on reconnect and every
 * `recheckMs`, coalesced as `coalescedRefresh` does. When `key` (what the
 * answer is about, e.g. the open incident) changes, the old answer goes and
 * the new one is asked at once. Must be created in a scope; stops with it.
 */
export function liveQuery<T>(options: {
  client: Pick<ConsoleClient, 'subscribe' | 'onStatusChange'>;
  timers: Timers;
  fetch: () => Promise<T>;
  enabled: () => boolean;
  /**
   * While true the answer is kept but not refreshed (nobody sees it: a tab
   * not shown); a refresh asked meanwhile runs the moment it turns false.
   */
  paused?: () => boolean;
  key?: () => unknown;
  stale: Staleness;
  recheckMs?: number;
  minIntervalMs?: number;
}): LiveQuery<T> {
  const { client, timers, enabled, key = () => null } = options;
  const query = latestQuery(options.fetch, { timers });
  // Asked only while enabled, whoever asks: an answer for a signed-out window is never even requested.
  const ask = () => (enabled() ? query.ask() : Promise.resolve());
  const refresher = coalescedRefresh(ask, timers, options.minIntervalMs ?? 0);
  // While paused, refreshes are noted, not asked; the moment it resumes, one catches up.
  const paused = options.paused ?? (() => false);
  let missed = false;
  const request = () => {
    if (!paused()) return refresher.request();
    missed = true;
  };
  watch(paused, (now) => {
    if (now || !missed) return;
    missed = false;
    refresher.request();
  });

  let asked = false;
  // Sync: a sign-out or another incident must drop the old answer before anything reads it.
  watch(
    [enabled, key],
    ([on, subject], [, before]) => {
      const moved = asked && !Object.is(subject, before);
      if (!on) {
        query.reset();
        return;
      }
      asked = true;
      if (moved) {
        query.reset();
        void ask();
      } else {
        request();
      }
    },
    { immediate: true, flush: 'sync' },
  );

  keepFresh({ client, timers, active: enabled, stale: options.stale, recheckMs: options.recheckMs, request });
  onScopeDispose(() => refresher.dispose());

  return { data: query.data, error: query.error, loading: query.loading, ask, reset: query.reset, refresh: request };
}
