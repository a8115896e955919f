import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { Warning, WarningsState } from '../../../native/api/index.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { latestWins } from './live-query.ts';

/** How long the badge pulses when a warning it has not shown before arrives (no sound: the P1 alarm owns sound). */
export const WARNING_PULSE_MS = 4_000;

/** What a duty chief's action came to: done, or refused (`error` says why). */
export type WarningActionResult = { ok: true; warning: Warning } | { ok: false; error: ApiCallError };

/** Open ones first (as raised), then those handled, the latest handling first. */
function inShowingOrder(warnings: readonly Warning[]): Warning[] {
  const open = warnings.filter((w) => w.status === 'open');
  const handled = warnings
    .filter((w) => w.status !== 'open')
    .sort((a, b) => (b.handling?.at ?? b.updatedAt) - (a.handling?.at ?? a.updatedAt));
  return [...open, ...handled];
}

/**
 * The early warnings as the host computed them last (issue 14): read with
 * `warnings.list` at sign-in and on reconnect, then followed on the
 * `warnings` topic. Every role reads them (the badge, a read-only list);
 * the duty chief acknowledges and dismisses. The badge pulses when a
 * warning arrives that this window has not shown (keys survive
 * recomputation, so a cluster that grows does not pulse again). Also holds
 * the warning selected in the panel, which the map outlines in its colour,
 * and asks for the panel (Alt+W, the badge) where the view shows it.
 */
export const useWarningsStore = defineStore('warnings', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole, role } = storeToRefs(useSessionStore());

  const state = shallowRef<Readonly<WarningsState> | null>(null);
  const error = shallowRef<ApiCallError | null>(null);
  const pulsing = ref(false);
  const selectedKey = ref<string | null>(null);
  /** The operator asked for the warnings (Alt+W, the badge) and the view showing them has not yet: it shows them and clears this. */
  const panelWanted = ref(false);

  /** Keys already shown here: only a key never seen pulses the badge. Null until the first state is in. */
  let seen: Set<string> | null = null;
  let pulseTimer: unknown = null;
  const session = latestWins();

  function pulse(): void {
    pulsing.value = true;
    if (pulseTimer !== null) timers.clearTimeout(pulseTimer);
    pulseTimer = timers.setTimeout(() => {
      pulseTimer = null;
      pulsing.value = false;
    }, WARNING_PULSE_MS);
  }

  /** Takes a state unless an older computation than the one shown (a late answer after a push). */
  function accept(next: WarningsState): void {
    if (!signedInWithRole.value) return;
    const shown = state.value;
    if (shown && next.computedAt < shown.computedAt) return;
    const fresh = next.warnings.some((w) => w.status === 'open' && seen !== null && !seen.has(w.key));
    seen ??= new Set();
    for (const w of next.warnings) seen.add(w.key);
    state.value = Object.freeze({ ...next, warnings: inShowingOrder(next.warnings) });
    if (fresh) pulse();
    if (selectedKey.value !== null && !next.warnings.some((w) => w.key === selectedKey.value)) selectedKey.value = null;
  }

  async function load(): Promise<void> {
    const stillThisSession = session.next();
    try {
      const now = await client.call('warnings.list', {});
      if (!stillThisSession()) return;
      error.value = null;
      accept(now);
    } catch (e) {
      if (stillThisSession()) error.value = asApiCallError(e);
    }
  }

  function clear(): void {
    session.drop();
    state.value = null;
    error.value = null;
    selectedKey.value = null;
    seen = null;
    pulsing.value = false;
  }

  const offTopic = client.subscribe('warnings', accept);
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected' && signedInWithRole.value) void load();
  });
  watch(
    signedInWithRole,
    (on) => {
      clear();
      if (on) void load();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    offTopic();
    offStatus();
    if (pulseTimer !== null) timers.clearTimeout(pulseTimer);
  });

  const warnings = computed<readonly Warning[]>(() => state.value?.warnings ?? []);
  const open = computed(() => state.value?.open ?? 0);
  const selected = computed(() => warnings.value.find((w) => w.key === selectedKey.value) ?? null);
  /** The duty chief acts on warnings; the host refuses every other role anyway. */
  const mayAct = computed(() => signedInWithRole.value && role.value === 'duty_chief');

  /** Shows the host's answer at once (its push follows): the warning replaced in place, the open count kept in step. */
  function applyHandled(handled: Warning): void {
    const shown = state.value;
    if (!shown) return;
    const before = shown.warnings.find((w) => w.key === handled.key);
    if (!before) return;
    const nowOpen = shown.open - (before.status === 'open' ? 1 : 0) + (handled.status === 'open' ? 1 : 0);
    state.value = Object.freeze({
      ...shown,
      open: Math.max(0, nowOpen),
      warnings: inShowingOrder(shown.warnings.map((w) => (w.key === handled.key ? handled : w))),
    });
  }

  async function act(call: () => Promise<Warning>): Promise<WarningActionResult> {
    try {
      const warning = await call();
      applyHandled(warning);
      return { ok: true, warning };
    } catch (e) {
      return { ok: false, error: asApiCallError(e) };
    }
  }

  /** Acknowledges a warning, with a note when one was written (blank: none). */
  function acknowledge(key: string, note: string): Promise<WarningActionResult> {
    const text = note.trim();
    return act(() => client.call('warnings.acknowledge', text === '' ? { key } : { key, note: text }));
  }

  /** Dismisses a warning with its reason (the host refuses a blank one). */
  function dismiss(key: string, reason: string): Promise<WarningActionResult> {
    return act(() => client.call('warnings.dismiss', { key, reason: reason.trim() }));
  }

  function select(key: string | null): void {
    selectedKey.value = key;
  }

  function requestPanel(): void {
    panelWanted.value = true;
  }
  function panelShown(): void {
    panelWanted.value = false;
  }

  return {
    state,
    error,
    warnings,
    open,
    pulsing,
    selectedKey,
    selected,
    mayAct,
    panelWanted,
    select,
    requestPanel,
    panelShown,
    acknowledge,
    dismiss,
    load,
  };
});
