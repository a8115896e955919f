import { defineStore, storeToRefs } from 'pinia';
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { AlarmEvent, IncidentRow } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { useSessionStore } from './session.ts';

/** How long a new priority-1 incident flashes on the board. */
export const ALARM_FLASH_MS = 3_000;
/** The host answers a subscription at once; no answer in this long means the alarm is not working. */
export const ALARM_ARM_TIMEOUT_MS = 5_000;
const MUTE_STORAGE_KEY = 'egret.board.muted';

/**
 * `off`: signed out. `arming`: asked the host, no answer yet. `armed`: the
 * host pushes new P1s the moment the link commits them. `down`: it cannot —
 * the operator must know, because silence would read as calm.
 */
export type AlarmState = 'off' | 'arming' | 'armed' | 'down';

/** Why the alarm is down, in words the status bar and the board show (i18n keys with their values). */
export type AlarmFault = { key: 'hostUnreachable' } | { key: 'noAnswer' } | { key: 'hostFailed'; reason: string };

function readMuted(): boolean {
  try {
    return globalThis.localStorage?.getItem(MUTE_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The new-P1 alarm (一级警情提醒) in this window: the host's `incidents.alarm`
 * pushes, what flashes, the count of alerts (the board beeps on it), the
 * mute, and whether the alarm works at all. Every window of the operator
 * hears the host on its own; a board also refreshes on each alert.
 */
export const useAlarmStore = defineStore('alarm', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  const state = ref<AlarmState>('off');
  const fault = shallowRef<AlarmFault | null>(null);
  /** Ids of the new P1s flashing right now. */
  const flashing = shallowRef<ReadonlySet<string>>(new Set());
  /** Bumped for each push that brings new P1s (the board beeps unless muted, and refreshes). */
  const alerts = ref(0);
  /** The newest P1s announced, newest first (a few, for whoever wants to list them). */
  const latest = shallowRef<readonly IncidentRow[]>([]);
  const muted = ref(readMuted());

  let flashTimer: unknown = null;
  let armTimer: unknown = null;
  const newP1Listeners = new Set<(row: IncidentRow) => void>();

  /** Hears each new P1 the moment the host announces it (a board places its row at once). */
  function onNewP1(listener: (row: IncidentRow) => void): () => void {
    newP1Listeners.add(listener);
    return () => newP1Listeners.delete(listener);
  }

  function clearArmTimer(): void {
    if (armTimer !== null) timers.clearTimeout(armTimer);
    armTimer = null;
  }

  function goDown(why: AlarmFault): void {
    clearArmTimer();
    state.value = 'down';
    fault.value = why;
  }

  /** Waits for the host's answer to the subscription (unless it has come already). */
  function arm(): void {
    if (state.value === 'armed') return;
    clearArmTimer();
    state.value = 'arming';
    fault.value = null;
    armTimer = timers.setTimeout(() => {
      armTimer = null;
      if (state.value === 'arming') goDown({ key: 'noAnswer' });
    }, ALARM_ARM_TIMEOUT_MS);
  }

  function flash(ids: readonly string[]): void {
    flashing.value = new Set([...flashing.value, ...ids]);
    if (flashTimer !== null) timers.clearTimeout(flashTimer);
    flashTimer = timers.setTimeout(() => {
      flashTimer = null;
      flashing.value = new Set();
    }, ALARM_FLASH_MS);
  }

  function receive(events: readonly AlarmEvent[]): void {
    if (!signedInWithRole.value) return;
    let down: Extract<AlarmEvent, { kind: 'down' }> | null = null;
    const fresh: IncidentRow[] = [];
    for (const event of events) {
      if (event.kind === 'down') down = event;
      else if (event.kind === 'restored') down = null;
      else fresh.push(event.incident);
    }
    // Any push, even the empty one a subscription is answered with, says the host's alarm is listening.
    if (down) goDown({ key: 'hostFailed', reason: down.reason });
    else {
      clearArmTimer();
      state.value = 'armed';
      fault.value = null;
    }
    if (fresh.length === 0) return;
    latest.value = [...fresh.reverse(), ...latest.value].slice(0, 20);
    flash(fresh.map((row) => row.id));
    for (const row of fresh) for (const listener of newP1Listeners) listener(row);
    alerts.value++;
  }

  function setMuted(next: boolean): void {
    muted.value = next;
    try {
      globalThis.localStorage?.setItem(MUTE_STORAGE_KEY, next ? '1' : '0');
    } catch {
      // A locked-down profile: the choice lasts for this window only.
    }
  }

  const offAlarm = client.subscribe('incidents.alarm', receive);
  const offStatus = client.onStatusChange((status) => {
    if (!signedInWithRole.value) return;
    // After a reconnect the client subscribes again and the host answers with the alarm's state.
    if (status.state === 'connected') arm();
    else goDown({ key: 'hostUnreachable' });
  });

  watch(
    signedInWithRole,
    (signedIn) => {
      if (!signedIn) {
        clearArmTimer();
        state.value = 'off';
        fault.value = null;
        flashing.value = new Set();
        latest.value = [];
        return;
      }
      if (client.connected) arm();
      else goDown({ key: 'hostUnreachable' });
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    offAlarm();
    offStatus();
    clearArmTimer();
    if (flashTimer !== null) timers.clearTimeout(flashTimer);
  });

  return { state, fault, flashing, alerts, latest, muted, setMuted, onNewP1 };
});
