import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue';
import type { CommandArgs, IncidentRow, Result } from '../../../native/api/index.ts';
import { CALL_LINES, DISTRICT_CODES, isDistrictCode, maskPhone, phoneKey, type CallLine, type DistrictCode } from '../../../native/api/rules.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { useEgretI18n } from '../i18n/inject.ts';
import type { Locale } from '../i18n/index.ts';
import { asApiCallError, useSessionStore } from './session.ts';
import { latestQuery } from './live-query.ts';
import { categoryKey, categoryOption, isCategoryRoot, SUGGESTED_PRIORITY } from '../components/intake/categories.ts';

/** The four call lines a call taker answers; each is also the incident's `source`. */
export const INTAKE_LINES = CALL_LINES;
export type IntakeLine = CallLine;
export type IntakePriority = 1 | 2 | 3 | 4;

/** The form's fields, in Tab order. */
export const INTAKE_FIELDS = ['line', 'phone', 'name', 'address', 'category', 'priority', 'title', 'description'] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];


export type DuplicateCandidate = Result<'incidents.duplicates'>[number];

/** What the operator typed, exactly: nothing here is ever dropped on an error. */
export interface IntakeDraft {
  line: IntakeLine;
  phone: string;
  name: string;
  address: string;
  category: string;
  priority: IntakePriority;
  title: string;
  description: string;
  /** Set by picking a suggestion (a district, or a recent incident's address). */
  district: DistrictCode | null;
  lat: number | null;
  lng: number | null;
  /** The incident whose location `lat`/`lng` came from, shown to the operator. */
  locatedFrom: string | null;
}

export interface AddressSuggestion {
  key: string;
  kind: 'district' | 'recent';
  /** Text that goes into the address field. */
  address: string;
  district: DistrictCode | null;
  /** The recent incident this address comes from. */
  incident: string | null;
}

export type IntakeResult =
  | { state: 'queued'; incident: string; command: string; confirmed: boolean }
  | { state: 'merged'; kind: 'noted' | 'merged'; incident: string | null; into: string }
  | { state: 'error'; kind: 'invalid' | 'forbidden' | 'failed' | 'refused' | 'mergeFailed'; message: string; incident: string | null };

/** Debounce for the duplicate check and address look-up while the operator types. */
export const INTAKE_DEBOUNCE_MS = 250;
const ADDRESS_SUGGESTIONS = 8;
const NO_SUGGESTIONS: readonly AddressSuggestion[] = Object.freeze([]);
const NO_CANDIDATES: readonly DuplicateCandidate[] = Object.freeze([]);

function emptyDraft(line: IntakeLine = '110'): IntakeDraft {
  return {
    line,
    phone: '',
    name: '',
    address: '',
    category: '',
    priority: 3,
    title: '',
    description: '',
    district: null,
    lat: null,
    lng: null,
    locatedFrom: null,
  };
}

/**
 * Which form field an `invalid_params` issue belongs to. The host reports
 * paths of the whole `command.send` params (`args.caller.phone`).
 */
export function fieldOfIssuePath(path: string): IntakeField | null {
  const p = path.replace(/^args\./, '');
  if (p === 'source') return 'line';
  if (p === 'caller.phone' || p === 'caller') return 'phone';
  if (p === 'caller.name') return 'name';
  if (p === 'lat' || p === 'lng' || p === 'district') return 'address';
  const field = p.split('.')[0] ?? '';
  return (INTAKE_FIELDS as readonly string[]).includes(field) ? (field as IntakeField) : null;
}

/** A console-chosen incident id (spec §7 allows `id` on create), so the new report can be merged at once. */
export function newIncidentId(workstation: string | null, now: number, random: () => number = Math.random): string {
  const ws = (workstation ?? 'ws').replace(/[^A-Za-z0-9-]/g, '').slice(0, 20) || 'ws';
  const tail = Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `inc-${ws}-${now.toString(36)}${tail}`;
}

/** The call taker's intake form: the draft, its checks, and what submitting or merging did. */
export const useIntakeStore = defineStore('intake', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const i18n = useEgretI18n();
  const session = useSessionStore();
  const { info } = storeToRefs(session);
  const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params);

  // The draft lives in the store, not the component: switching views mid-call loses nothing.
  const draft = reactive<IntakeDraft>(emptyDraft());
  /** The operator chose a priority: a category's suggestion no longer overrides it. */
  const priorityTouched = ref(false);
  const fieldErrors = shallowRef<Partial<Record<IntakeField, string>>>({});
  const result = shallowRef<IntakeResult | null>(null);
  const submitting = ref(false);
  const merging = ref(false);
  /** The last report taken off the form (created or noted), kept so it can be restored. */
  const lastTaken = shallowRef<{ draft: IntakeDraft; command: string | null } | null>(null);

  const dirty = computed(
    () =>
      draft.phone.trim() !== '' ||
      draft.name.trim() !== '' ||
      draft.address.trim() !== '' ||
      draft.category !== '' ||
      draft.title.trim() !== '' ||
      draft.description.trim() !== '',
  );

  // ── Category, priority, title ───────────────────────────────────────────────
  function categoryLabel(code: string): string {
    const option = categoryOption(code);
    return option ? t(categoryKey(option)) : code;
  }

  function setCategory(code: string): void {
    draft.category = code;
    const root = code.split('.')[0] ?? '';
    if (!priorityTouched.value && isCategoryRoot(root)) draft.priority = SUGGESTED_PRIORITY[root];
  }

  function setPriority(priority: IntakePriority): void {
    draft.priority = priority;
    priorityTouched.value = true;
  }

  /** What an empty title becomes: category, then address (“交通事故 · 湖滨南路 388 号”). */
  const defaultTitle = computed(() => {
    if (!draft.category) return '';
    const address = draft.address.trim();
    return (address ? `${categoryLabel(draft.category)} · ${address}` : categoryLabel(draft.category)).slice(0, 200);
  });

  // ── Address look-up ─────────────────────────────────────────────────────────

  function districtName(code: string, locale?: Locale): string {
    return locale ? i18n.global.t(`districts.${code}`, {}, { locale }) : t(`districts.${code}`);
  }

  function districtSuggestions(query: string): AddressSuggestion[] {
    const q = query.trim().toLowerCase();
    return DISTRICT_CODES.filter((code) => {
      if (!q) return true;
      const names = [districtName(code), districtName(code, 'zh-CN'), districtName(code, 'en'), code].map((n) => n.toLowerCase());
      return names.some((n) => n.includes(q) || q.includes(n));
    }).map((code) => ({ key: `district:${code}`, kind: 'district', address: districtName(code), district: code, incident: null }));
  }

  async function addressesFor(query: string): Promise<readonly AddressSuggestion[]> {
    const districts = districtSuggestions(query);
    const q = query.trim();
    if (!q || !session.signedInWithRole) return districts;
    let recent: AddressSuggestion[] = [];
    try {
      // No address method yet: recent incidents' addresses are the city's street list for now.
      const page = await client.call('incidents.page', { filter: { search: q.slice(0, 100) }, sort: 'reported', offset: 0, limit: 20 });
      recent = uniqueAddresses(page.rows);
    } catch {
      // A look-up that fails leaves the district names; the operator types on.
    }
    return Object.freeze([...districts, ...recent].slice(0, ADDRESS_SUGGESTIONS + districts.length));
  }

  const addressLookup = latestQuery(addressesFor, { timers, debounceMs: INTAKE_DEBOUNCE_MS });
  const addressSuggestions = computed(() => addressLookup.data.value ?? NO_SUGGESTIONS);
  const addressSearching = addressLookup.loading;
  const lookUpAddress = (query: string) => addressLookup.ask(query);

  function uniqueAddresses(rows: readonly IncidentRow[]): AddressSuggestion[] {
    const seen = new Set<string>();
    const out: AddressSuggestion[] = [];
    for (const row of rows) {
      const address = row.address?.trim();
      if (!address || seen.has(address)) continue;
      seen.add(address);
      out.push({ key: `recent:${row.id}`, kind: 'recent', address, district: isDistrictCode(row.district) ? row.district : null, incident: row.id });
      if (out.length >= ADDRESS_SUGGESTIONS) break;
    }
    return out;
  }

  function setAddress(text: string): void {
    draft.address = text;
    // Coordinates belong to the picked address; once it is edited they no longer do.
    if (draft.locatedFrom !== null && text !== pickedAddress) {
      draft.lat = null;
      draft.lng = null;
      draft.locatedFrom = null;
    }
    if (!text.trim()) draft.district = null;
    addressLookup.askSoon(text);
  }

  let pickedAddress: string | null = null;

  async function pickAddress(suggestion: AddressSuggestion): Promise<void> {
    pickedAddress = suggestion.address;
    draft.address = suggestion.address;
    draft.district = suggestion.district;
    draft.lat = null;
    draft.lng = null;
    draft.locatedFrom = null;
    if (!suggestion.incident) return;
    // The board rows carry no coordinates; the incident does. Optional: without
    // them the duplicate check still matches by caller.
    try {
      const { incident } = await client.call('incident.get', { id: suggestion.incident });
      const { lat, lng } = incident;
      if (typeof lat === 'number' && typeof lng === 'number' && draft.address === suggestion.address) {
        draft.lat = lat;
        draft.lng = lng;
        draft.locatedFrom = suggestion.incident;
      }
    } catch {
      // No location then; nothing the operator must act on.
    }
  }

  // ── Duplicates ──────────────────────────────────────────────────────────────
  /**
   * `draft`: candidates for the report being typed. `created`: candidates found
   * for the report just submitted, kept until the operator starts the next one,
   * so it can still be merged with one keystroke.
   */
  const duplicatesFor = ref<'draft' | 'created'>('draft');
  const createdDuplicates = shallowRef<readonly DuplicateCandidate[]>(NO_CANDIDATES);

  const probe = computed(() => {
    const phone = phoneKey(draft.phone);
    const located = draft.lat !== null && draft.lng !== null;
    return {
      ...(located ? { lat: draft.lat as number, lng: draft.lng as number } : {}),
      ...(draft.category ? { category: draft.category } : {}),
      // A caller is known by the normalised number (+86 138… and 138… are one caller); the host reads it the same way.
      ...(phone !== null ? { callerPhone: phone } : {}),
      // The address text is part of the key so a new address re-checks too.
      address: draft.address.trim(),
    };
  });

  // The check is a help, not a gate: a failure leaves the last list (the query keeps its last answer).
  const draftDuplicates = latestQuery(
    async (): Promise<readonly DuplicateCandidate[]> => {
      const { address: _address, ...params } = probe.value;
      if ((params.lat === undefined && params.callerPhone === undefined) || !session.signedInWithRole) return NO_CANDIDATES;
      return Object.freeze(await client.call('incidents.duplicates', params));
    },
    { timers, debounceMs: INTAKE_DEBOUNCE_MS },
  );
  const duplicates = computed(() =>
    duplicatesFor.value === 'created' ? createdDuplicates.value : (draftDuplicates.data.value ?? NO_CANDIDATES),
  );

  /** Back to the report being typed, with no candidates until the next check. */
  function forgetDuplicates(): void {
    duplicatesFor.value = 'draft';
    createdDuplicates.value = NO_CANDIDATES;
    draftDuplicates.reset();
  }

  watch(
    () => JSON.stringify(probe.value),
    () => {
      // The operator started the next report: the last one's candidates go.
      if (dirty.value && duplicatesFor.value === 'created') forgetDuplicates();
      draftDuplicates.askSoon();
    },
  );
  // Typing anything (a name, a title) also ends the `created` list.
  watch(dirty, (isDirty) => {
    if (isDirty && duplicatesFor.value === 'created') forgetDuplicates();
  });

  // ── Submit ──────────────────────────────────────────────────────────────────
  function createArgs(id: string): CommandArgs<'incident.create'> {
    const trimmed = (s: string) => s.trim() || undefined;
    const phone = draft.phone.replace(/[\s-]/g, '') || undefined;
    const name = trimmed(draft.name);
    return {
      id,
      source: draft.line,
      category: draft.category,
      priority: draft.priority,
      title: trimmed(draft.title) ?? defaultTitle.value,
      ...(trimmed(draft.description) ? { description: draft.description.trim() } : {}),
      ...(trimmed(draft.address) ? { address: draft.address.trim() } : {}),
      ...(draft.lat !== null && draft.lng !== null ? { lat: draft.lat, lng: draft.lng } : {}),
      ...(draft.district ? { district: draft.district } : {}),
      ...(phone || name ? { caller: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
    };
  }

  /** Resolves with the new incident's id, or null when it was not queued (the draft is kept). */
  async function submit(): Promise<string | null> {
    if (submitting.value) return null;
    if (!draft.category) {
      fieldErrors.value = { category: t('intakeArea.errors.categoryRequired') };
      result.value = { state: 'error', kind: 'invalid', message: '', incident: null };
      return null;
    }
    const id = newIncidentId(info.value?.workstation ?? null, timers.now() || Date.now());
    const args = createArgs(id);
    submitting.value = true;
    try {
      const queued = await client.call('command.send', { name: 'incident.create', args });
      const found = duplicates.value.filter((d) => d.id !== id);
      lastTaken.value = { draft: { ...draft }, command: queued.id };
      resetDraft();
      result.value = { state: 'queued', incident: id, command: queued.id, confirmed: false };
      duplicatesFor.value = 'created';
      createdDuplicates.value = Object.freeze(found);
      return id;
    } catch (e) {
      const error = asApiCallError(e);
      if (error.code === 'invalid_params') {
        const issues: Partial<Record<IntakeField, string>> = {};
        const unplaced: string[] = [];
        for (const issue of error.issues) {
          const field = fieldOfIssuePath(issue.path);
          if (field) issues[field] ??= issue.message;
          else unplaced.push(`${issue.path}: ${issue.message}`);
        }
        fieldErrors.value = issues;
        result.value = { state: 'error', kind: 'invalid', message: unplaced.join('; '), incident: null };
      } else {
        fieldErrors.value = {};
        result.value = {
          state: 'error',
          kind: error.code === 'forbidden' ? 'forbidden' : 'failed',
          message: error.message,
          incident: null,
        };
      }
      return null;
    } finally {
      submitting.value = false;
    }
  }

  // A queued create can still fail on the platform (e.g. `conflict`); the
  // notice tray says so too, but here the operator can take the report back.
  const offResults = client.subscribe('command.result', (batch) => {
    const shown = result.value;
    if (shown?.state !== 'queued') return;
    const outcome = batch.find((r) => r.id === shown.command);
    if (!outcome) return;
    result.value = outcome.ok
      ? { ...shown, confirmed: true }
      : { state: 'error', kind: 'refused', message: outcome.message ?? outcome.code ?? '', incident: shown.incident };
  });
  onScopeDispose(offResults);

  // ── Merge ───────────────────────────────────────────────────────────────────
  /**
   * One keystroke takes the report as a duplicate of `candidateId`:
   * - while it is a draft (not created), no incident is made at all: the call
   *   is recorded on the candidate as an `incident.note` ("duplicate report
   *   from 138****5678: …"), the form clears for the next call and the draft
   *   stays restorable. A note rather than create-then-merge keeps the board
   *   free of an incident that would only ever read `merged`.
   * - once it was created (the list shown right after submitting), the new
   *   incident is marked a duplicate with `incident.merge {incident, into}`.
   */
  async function mergeInto(candidateId: string): Promise<boolean> {
    if (merging.value || submitting.value) return false;
    const created = duplicatesFor.value === 'created' && result.value?.state === 'queued' ? result.value.incident : null;
    merging.value = true;
    try {
      if (created) {
        await client.call('command.send', { name: 'incident.merge', args: { incident: created, into: candidateId } });
        result.value = { state: 'merged', kind: 'merged', incident: created, into: candidateId };
      } else {
        const text = noteText();
        await client.call('command.send', { name: 'incident.note', args: { incident: candidateId, text } });
        lastTaken.value = { draft: { ...draft }, command: null };
        resetDraft();
        result.value = { state: 'merged', kind: 'noted', incident: null, into: candidateId };
      }
      forgetDuplicates();
      return true;
    } catch (e) {
      const error = asApiCallError(e);
      result.value = { state: 'error', kind: 'mergeFailed', message: error.message, incident: created };
      return false;
    } finally {
      merging.value = false;
    }
  }

  function noteText(): string {
    const phone = draft.phone.trim() ? maskPhone(draft.phone) : t('intakeArea.note.noPhone');
    const what =
      draft.description.trim() || draft.title.trim() || defaultTitle.value || draft.address.trim() || t(`intakeArea.lines.${draft.line}`);
    return t('intakeArea.note.text', { phone, description: what }).slice(0, 4000);
  }

  // ── Clear and restore ───────────────────────────────────────────────────────
  function resetDraft(): void {
    Object.assign(draft, emptyDraft(draft.line));
    priorityTouched.value = false;
    pickedAddress = null;
    fieldErrors.value = {};
    addressLookup.reset();
  }

  /** Esc: a fresh form (the line stays: the same desk answers the same line). */
  function clear(): void {
    resetDraft();
    result.value = null;
    forgetDuplicates();
  }

  const restorable = computed(() => {
    const r = result.value;
    return (
      lastTaken.value !== null &&
      !dirty.value &&
      (r?.state === 'merged' ? r.kind === 'noted' : r?.state === 'error' && r.kind === 'refused')
    );
  });

  /** Puts the last report back on the form (after it was refused, or noted as a duplicate). */
  function restore(): boolean {
    if (!restorable.value || !lastTaken.value) return false;
    Object.assign(draft, lastTaken.value.draft);
    priorityTouched.value = true;
    lastTaken.value = null;
    result.value = null;
    return true;
  }

  /** Edits clear that field's error: the operator sees what is still wrong. */
  function clearFieldError(field: IntakeField): void {
    if (!fieldErrors.value[field]) return;
    const next = { ...fieldErrors.value };
    delete next[field];
    fieldErrors.value = next;
  }

  return {
    draft,
    dirty,
    priorityTouched,
    fieldErrors,
    result,
    submitting,
    merging,
    defaultTitle,
    categoryLabel,
    addressSuggestions,
    addressSearching,
    duplicates,
    duplicatesFor,
    restorable,
    setCategory,
    setPriority,
    setAddress,
    pickAddress,
    lookUpAddress,
    submit,
    mergeInto,
    clear,
    restore,
    clearFieldError,
  };
});
