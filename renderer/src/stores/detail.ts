import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { CommandArgs, CommandName, CommandOutcome, EntitiesChanged, Result } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { latestWins, liveQuery } from './live-query.ts';
import type { ActionName } from '../components/detail/actions.ts';

/** Re-reads for a burst of changes to the open incident start at least this far apart. */
const DETAIL_MIN_INTERVAL_MS = 300;
const NO_EVENTS: readonly IncidentEvent[] = Object.freeze([]);

/** §8 Incident, as `incident.get` returns it (phones masked for roles that may not see them). */
export type Incident = Result<'incident.get'>['incident'];
/** §8 IncidentEvent. */
export type IncidentEvent = Result<'incident.get'>['events'][number];

/** What the detail shows; frozen, because each read replaces it whole. */
export interface IncidentWithTimeline {
  incident: Incident;
  /** Oldest first; `id` settles events of the same instant. */
  events: readonly IncidentEvent[];
}

function withTimeline({ incident, events }: Result<'incident.get'>): IncidentWithTimeline {
  const timeline = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  return Object.freeze({ incident: Object.freeze(incident), events: Object.freeze(timeline) });
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The top-level fields whose values differ (rev and updated_at always move, so they are left out). */
export function changedFields(before: Incident, after: Incident): FieldChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: FieldChange[] = [];
  for (const field of keys) {
    if (field === 'rev' || field === 'updated_at') continue;
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field, before: a, after: b });
  }
  return out.sort((x, y) => x.field.localeCompare(y.field));
}

export type ActionPhase = 'sending' | 'queued' | 'applied' | 'failed';

export interface ActionState {
  action: ActionName;
  name: CommandName;
  commandId: string | null;
  state: ActionPhase;
  code: string | null;
  message: string | null;
  /** For a `conflict`: what changed since the operator looked (null while re-reading). */
  changes: readonly FieldChange[] | null;
}

/** Whether pushed changes may touch incident `id`: it, or any timeline (a change does not say whose). */
function touches(id: string, batch: readonly EntitiesChanged[]): boolean {
  return batch.some(
    (change) =>
      (change.kind === 'incident' && (change.upserted.includes(id) || change.deleted.includes(id))) || change.kind === 'incident_event',
  );
}

/** The incident the operator looks at, its timeline, and the fate of the commands sent from it. */
export const useDetailStore = defineStore('detail', () => {
  const client = useConsoleClient();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  const id = ref<string | null>(null);
  /** The last command of each action sent for the open incident. */
  const actions = shallowRef<Readonly<Partial<Record<ActionName, ActionState>>>>({});

  const detail = liveQuery({
    client,
    timers: useTimers(),
    fetch: async () => withTimeline(await client.call('incident.get', { id: id.value! })),
    enabled: () => signedInWithRole.value && id.value !== null,
    key: () => id.value,
    stale: (batch) => id.value !== null && touches(id.value, batch),
    minIntervalMs: DETAIL_MIN_INTERVAL_MS,
  });
  const incident = computed(() => detail.data.value?.incident ?? null);
  const events = computed(() => detail.data.value?.events ?? NO_EVENTS);
  /** The incident is gone from the cache (deleted, or never there). */
  const missing = computed(() => detail.error.value?.code === 'not_found');
  const error = computed(() => (missing.value ? null : detail.error.value));

  /** Commands belong to the incident they were sent from: leaving it drops what comes back. */
  const opened = latestWins();
  /** Results that arrive before `command.send` has told us the id (kept briefly). */
  const early = new Map<string, CommandOutcome>();
  /** What the operator saw when each command was sent, for a conflict's diff. */
  const seenAtSend = new Map<string, Incident>();

  function open(next: string | null): void {
    if (next === id.value) {
      if (next !== null) detail.refresh();
      return;
    }
    opened.next();
    actions.value = {};
    id.value = next; // the live query drops the old incident and asks for this one at once
  }

  function setAction(action: ActionName, patch: Partial<ActionState>): void {
    const prev = actions.value[action];
    if (!prev) return;
    actions.value = { ...actions.value, [action]: { ...prev, ...patch } };
  }

  function findAction(commandId: string): ActionName | null {
    for (const [action, state] of Object.entries(actions.value) as [ActionName, ActionState][]) {
      if (state.commandId === commandId) return action;
    }
    return null;
  }

  async function applyOutcome(outcome: CommandOutcome): Promise<void> {
    const action = findAction(outcome.id);
    if (!action) return;
    if (outcome.ok) {
      setAction(action, { state: 'applied', code: null, message: null, changes: null });
      detail.refresh();
      return;
    }
    setAction(action, { state: 'failed', code: outcome.code, message: outcome.message, changes: null });
    if (outcome.code !== 'conflict') return;
    const seen = seenAtSend.get(outcome.id) ?? incident.value;
    const stillOpen = opened.join();
    await detail.ask();
    if (!stillOpen() || !seen || !incident.value) return;
    if (actions.value[action]?.commandId !== outcome.id) return;
    setAction(action, { changes: Object.freeze(changedFields(seen, incident.value)) });
  }

  /**
   * Sends a command for `action`. Resolves once it is queued (or refused by
   * the host); its platform result arrives later on `command.result`.
   */
  async function send<N extends CommandName>(action: ActionName, name: N, args: CommandArgs<N>): Promise<void> {
    const stillOpen = opened.join();
    actions.value = {
      ...actions.value,
      [action]: { action, name, commandId: null, state: 'sending', code: null, message: null, changes: null },
    };
    const seen = incident.value;
    try {
      const queued = await client.call('command.send', { name, args } as never);
      if (!stillOpen()) return;
      if (seen) seenAtSend.set(queued.id, seen);
      setAction(action, { commandId: queued.id, state: 'queued' });
      const outcome = early.get(queued.id);
      if (outcome) {
        early.delete(queued.id);
        await applyOutcome(outcome);
      }
    } catch (e) {
      if (!stillOpen()) return;
      const err = asApiCallError(e);
      setAction(action, { state: 'failed', code: err.code, message: err.message });
    }
  }

  function clear(): void {
    opened.drop();
    id.value = null;
    actions.value = {};
    early.clear();
    seenAtSend.clear();
  }

  // The panel may be given an incident before the session is confirmed: the live query reads it then.
  watch(signedInWithRole, (signedIn) => {
    if (!signedIn) clear();
  });

  const offResults = client.subscribe('command.result', (outcomes) => {
    for (const outcome of outcomes) {
      if (findAction(outcome.id)) void applyOutcome(outcome);
      else if (Object.values(actions.value).some((a) => a?.state === 'sending')) {
        early.set(outcome.id, outcome);
        if (early.size > 200) early.delete(early.keys().next().value!);
      }
    }
  });
  onScopeDispose(offResults);

  return { id, incident, events, loading: detail.loading, error, missing, actions, open, send, reload: detail.refresh };
});
