import { defineStore, storeToRefs } from 'pinia';
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { CommandArgs, CommandName, CommandOutcome } from '../../../native/api/index.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import type { ApiCallError } from '../api/api-call-error.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { coalescedRefresh } from './coalesced-refresh.ts';
import type { ActionName } from '../components/detail/actions.ts';

/** §8 Incident, as `incident.get` returns it (fields not listed are kept as received). */
export interface IncidentRecord {
  id: string;
  rev: number;
  source: string;
  category: string;
  priority: number;
  status: string;
  level: string;
  title: string;
  description?: string | null;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  district?: string | null;
  street?: string | null;
  community?: string | null;
  departments: string[];
  volunteers: string[];
  caller?: { name?: string | null; phone?: string | null } | null;
  call?: string | null;
  reported_at: string;
  updated_at: string;
  due_at?: string | null;
  merged_into?: string | null;
  attachments: { id: string; kind: string; url: string; mime: string }[];
  [extra: string]: unknown;
}

/** §8 IncidentEvent. */
export interface IncidentEventRecord {
  id: string;
  rev: number;
  incident: string;
  at: string;
  actor: string;
  kind: string;
  text?: string | null;
  data?: object | null;
}

/** The host validated these on the way in (§8, quarantine); only the lists are defended here. */
function asIncident(raw: Record<string, unknown>): IncidentRecord {
  const record = { ...raw } as IncidentRecord;
  record.departments = Array.isArray(raw.departments) ? (raw.departments as string[]) : [];
  record.volunteers = Array.isArray(raw.volunteers) ? (raw.volunteers as string[]) : [];
  record.attachments = Array.isArray(raw.attachments) ? (raw.attachments as IncidentRecord['attachments']) : [];
  return Object.freeze(record);
}

function asEvents(raw: Record<string, unknown>[]): readonly IncidentEventRecord[] {
  const events = raw.map((e) => e as unknown as IncidentEventRecord);
  return Object.freeze([...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id)));
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The top-level fields whose values differ (rev and updated_at always move, so they are left out). */
export function changedFields(before: IncidentRecord, after: IncidentRecord): FieldChange[] {
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

/** The incident the operator looks at, its timeline, and the fate of the commands sent from it. */
export const useDetailStore = defineStore('detail', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const { signedInWithRole } = storeToRefs(useSessionStore());

  const id = ref<string | null>(null);
  const incident = shallowRef<IncidentRecord | null>(null);
  const events = shallowRef<readonly IncidentEventRecord[]>([]);
  const loading = ref(false);
  const error = shallowRef<ApiCallError | null>(null);
  /** The incident is gone from the cache (deleted, or never there). */
  const missing = ref(false);
  /** The last command of each action sent for the open incident. */
  const actions = shallowRef<Readonly<Partial<Record<ActionName, ActionState>>>>({});

  let generation = 0;
  /** Results that arrive before `command.send` has told us the id (kept briefly). */
  const early = new Map<string, CommandOutcome>();
  /** What the operator saw when each command was sent, for a conflict's diff. */
  const seenAtSend = new Map<string, IncidentRecord>();

  async function load(): Promise<void> {
    const current = id.value;
    if (current === null || !signedInWithRole.value) return;
    const asked = generation;
    loading.value = true;
    try {
      const result = await client.call('incident.get', { id: current });
      if (asked !== generation) return;
      incident.value = asIncident(result.incident);
      events.value = asEvents(result.events);
      missing.value = false;
      error.value = null;
    } catch (e) {
      if (asked !== generation) return;
      const err = asApiCallError(e);
      if (err.code === 'not_found') missing.value = true;
      else error.value = err;
    } finally {
      if (asked === generation) loading.value = false;
    }
  }

  const refresher = coalescedRefresh(load, timers, 300);

  function open(next: string | null): void {
    if (next === id.value) {
      if (next !== null) refresher.request();
      return;
    }
    generation++;
    id.value = next;
    incident.value = null;
    events.value = [];
    error.value = null;
    missing.value = false;
    actions.value = {};
    loading.value = false;
    if (next !== null) void load();
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
      refresher.request();
      return;
    }
    setAction(action, { state: 'failed', code: outcome.code, message: outcome.message, changes: null });
    if (outcome.code !== 'conflict') return;
    const seen = seenAtSend.get(outcome.id) ?? incident.value;
    const asked = generation;
    await load();
    if (asked !== generation || !seen || !incident.value) return;
    if (actions.value[action]?.commandId !== outcome.id) return;
    setAction(action, { changes: Object.freeze(changedFields(seen, incident.value)) });
  }

  /**
   * Sends a command for `action`. Resolves once it is queued (or refused by
   * the host); its platform result arrives later on `command.result`.
   */
  async function send<N extends CommandName>(action: ActionName, name: N, args: CommandArgs<N>): Promise<void> {
    const asked = generation;
    actions.value = {
      ...actions.value,
      [action]: { action, name, commandId: null, state: 'sending', code: null, message: null, changes: null },
    };
    const seen = incident.value;
    try {
      const queued = await client.call('command.send', { name, args } as never);
      if (asked !== generation) return;
      if (seen) seenAtSend.set(queued.id, seen);
      setAction(action, { commandId: queued.id, state: 'queued' });
      const outcome = early.get(queued.id);
      if (outcome) {
        early.delete(queued.id);
        await applyOutcome(outcome);
      }
    } catch (e) {
      if (asked !== generation) return;
      const err = asApiCallError(e);
      setAction(action, { state: 'failed', code: err.code, message: err.message });
    }
  }

  function clear(): void {
    generation++;
    id.value = null;
    incident.value = null;
    events.value = [];
    actions.value = {};
    error.value = null;
    missing.value = false;
    early.clear();
    seenAtSend.clear();
  }

  // The panel may be given an incident before the session is confirmed: read it then.
  watch(signedInWithRole, (signedIn) => {
    if (!signedIn) clear();
    else if (id.value !== null) void load();
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
  const offChanges = client.subscribe('entities.changed', (batch) => {
    const current = id.value;
    if (current === null) return;
    const touched = batch.some(
      (change) =>
        (change.kind === 'incident' && (change.upserted.includes(current) || change.deleted.includes(current))) ||
        change.kind === 'incident_event',
    );
    if (touched) refresher.request();
  });
  onScopeDispose(() => {
    offResults();
    offChanges();
    refresher.dispose();
  });

  return { id, incident, events, loading, error, missing, actions, open, send, reload: refresher.request };
});
