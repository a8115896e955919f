import { defineStore, storeToRefs } from 'pinia';
import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue';
import type { CommandArgs, PlaceMatch, PlacePrecision, Result } from '../../../native/api/index.ts';
import {
  CALL_LINES,
  INCIDENT_TEXT_LIMITS,
  isDistrictCode,
  maskPhone,
  phoneKey,
  recognizePhone,
  type CallLine,
  type DistrictCode,
} from '../../../native/api/rules.ts';
import { useConsoleClient, useTimers } from '../api/inject.ts';
import { useEgretI18n } from '../i18n/inject.ts';
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

/** Where the draft's coordinates came from, shown beside the address. */
export interface IntakeLocation {
  /** A suggestion the operator picked, the geocoder's match the operator confirmed on submit, or a pin placed on the map. */
  source: 'picked' | 'geocoded' | 'map';
  /** The place's short name ("湖滨南路388号") and its full standard address. */
  name: string;
  address: string;
  precision: PlacePrecision;
  kind: PlaceMatch['kind'];
}

/** Why an address is filed without coordinates. */
export type UnlocatedReason = 'noMatch' | 'kept' | 'lookupFailed';

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
  /** Set by picking a suggestion or confirming a geocoded match; cleared when the address is edited. */
  district: DistrictCode | null;
  street: string | null;
  community: string | null;
  lat: number | null;
  lng: number | null;
  location: IntakeLocation | null;
  /** The address was looked up and stays without coordinates, and why: submit files it so, visibly. */
  unlocated: UnlocatedReason | null;
}

export interface AddressSuggestion {
  key: string;
  match: PlaceMatch;
}

/**
 * A question the operator answers before the incident is filed (it stands
 * where the submit button was): which place a typed address is, or whether a
 * P1/P2 goes out without a location.
 */
export type IntakeConfirmation =
  | { step: 'location'; address: string; options: readonly PlaceMatch[] }
  | { step: 'unlocated'; priority: 1 | 2; reason: UnlocatedReason | 'noAddress' };

/** Text fields with the longest text the contract takes (what the counters count down to). */
export const TEXT_LIMITS = {
  phone: INCIDENT_TEXT_LIMITS.callerPhone,
  name: INCIDENT_TEXT_LIMITS.callerName,
  address: INCIDENT_TEXT_LIMITS.address,
  title: INCIDENT_TEXT_LIMITS.title,
  description: INCIDENT_TEXT_LIMITS.description,
} as const satisfies Partial<Record<IntakeField, number>>;
export type LimitedField = keyof typeof TEXT_LIMITS;
/** A counter shows from this share of the limit on. */
export const COUNTER_FROM = 0.8;
/** `places.geocode` reads at most this much of an address. */
const GEOCODE_MAX = 200;

export type IntakeResult =
  | { state: 'queued'; incident: string; command: string; confirmed: boolean; unlocated: boolean }
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
    street: null,
    community: null,
    lat: null,
    lng: null,
    location: null,
    unlocated: null,
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
  if (p === 'lat' || p === 'lng' || p === 'district' || p === 'street' || p === 'community') return 'address';
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

  // Places of the address base first, then recent incidents' addresses: the host ranks them.
  async function addressesFor(query: string): Promise<readonly AddressSuggestion[]> {
    const text = query.trim().slice(0, 120);
    if (!text || !session.signedInWithRole) return NO_SUGGESTIONS;
    try {
      const { items } = await client.call('places.suggest', { text, limit: ADDRESS_SUGGESTIONS });
      return Object.freeze(items.map((match, i) => ({ key: `${match.source}:${match.id ?? match.address}:${i}`, match })));
    } catch {
      // No suggestions then; the operator types on, and submit still geocodes.
      return NO_SUGGESTIONS;
    }
  }

  const addressLookup = latestQuery(addressesFor, { timers, debounceMs: INTAKE_DEBOUNCE_MS });
  const addressSuggestions = computed(() => addressLookup.data.value ?? NO_SUGGESTIONS);
  const addressSearching = addressLookup.loading;
  const lookUpAddress = (query: string) => addressLookup.ask(query);

  /** Forgets where the address was: its coordinates and areas belong to the address they came with. */
  function forgetLocation(): void {
    Object.assign(draft, { district: null, street: null, community: null, lat: null, lng: null, location: null, unlocated: null });
  }

  function setAddress(text: string): void {
    draft.address = text;
    // A pin placed on the map says where, whatever the address text says: editing the text keeps it.
    if (text !== pickedAddress && draft.location?.source !== 'map') forgetLocation();
    addressLookup.askSoon(text);
  }

  let pickedAddress: string | null = null;

  /**
   * Puts a place's location on the draft. A picked suggestion also gives its
   * full address; a geocoded match leaves the typed one, which may say more
   * ("3楼", "门口") than the standard address.
   */
  function applyMatch(match: PlaceMatch, source: IntakeLocation['source']): void {
    forgetLocation();
    if (source === 'picked') {
      draft.address = match.address;
      pickedAddress = match.address;
    }
    draft.district = isDistrictCode(match.district) ? match.district : null;
    draft.street = match.street?.trim().slice(0, 60) || null;
    draft.community = match.community?.trim().slice(0, 60) || null;
    if (match.lat !== null && match.lng !== null) {
      draft.lat = match.lat;
      draft.lng = match.lng;
      draft.location = { source, name: match.name, address: match.address, precision: match.precision, kind: match.kind };
    }
  }

  function pickAddress(suggestion: AddressSuggestion): void {
    applyMatch(suggestion.match, 'picked');
  }

  /**
   * A pin the operator placed on the intake map (LocationPicker): snapped to
   * a place, it sets the areas and coordinates as picking that place would,
   * and an empty address takes the place's; a bare point keeps the typed
   * address and gets the district its point lies in.
   */
  function placePin(pin: { lat: number; lng: number; place: PlaceMatch | null; district: string | null }): void {
    // The pin answers "which place is this address": the question goes, the next submit files.
    if (confirmation.value?.step === 'location') confirmation.value = null;
    if (pin.place) {
      applyMatch({ ...pin.place, lat: pin.lat, lng: pin.lng }, 'map');
      if (!draft.address.trim()) {
        draft.address = pin.place.address;
        pickedAddress = pin.place.address;
      }
      return;
    }
    forgetLocation();
    draft.district = isDistrictCode(pin.district) ? pin.district : null;
    draft.lat = pin.lat;
    draft.lng = pin.lng;
    draft.location = { source: 'map', name: '', address: '', precision: 'address', kind: null };
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
  /** What the phone field holds: a number (filed normalised) or text that is not one (filed as typed, flagged). */
  const phoneReading = computed(() => recognizePhone(draft.phone));

  function createArgs(id: string): CommandArgs<'incident.create'> {
    const trimmed = (s: string) => s.trim() || undefined;
    const phone = phoneReading.value?.normalized;
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
      ...(draft.street ? { street: draft.street } : {}),
      ...(draft.community ? { community: draft.community } : {}),
      ...(phone || name ? { caller: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
    };
  }

  /** Length of each limited field as it will be filed, for the counters and the check before sending. */
  const lengths = computed(
    () =>
      ({
        phone: phoneReading.value?.normalized.length ?? 0,
        name: draft.name.trim().length,
        address: draft.address.trim().length,
        title: draft.title.trim().length,
        description: draft.description.trim().length,
      }) satisfies Record<LimitedField, number>,
  );

  /** What must be fixed before anything is sent: no category, or text over the contract's limits. */
  function draftProblems(): Partial<Record<IntakeField, string>> {
    const problems: Partial<Record<IntakeField, string>> = {};
    for (const field of Object.keys(TEXT_LIMITS) as LimitedField[]) {
      const n = lengths.value[field];
      if (n > TEXT_LIMITS[field]) problems[field] = t('intakeArea.errors.tooLong', { n, max: TEXT_LIMITS[field] });
    }
    if (!draft.category) problems.category = t('intakeArea.errors.categoryRequired');
    return problems;
  }

  /** The question standing before filing, if any (see IntakeConfirmation). */
  const confirmation = shallowRef<IntakeConfirmation | null>(null);
  // A question is about the address and priority it was asked for: an edit to either withdraws it.
  watch(
    () => [draft.address, draft.priority],
    () => {
      if (confirmation.value) confirmation.value = null;
    },
    { flush: 'sync' },
  );
  /** Bumped when the form is cleared: a geocode answer for the draft that was there must not land on the next one. */
  let formGeneration = 0;

  const located = () => draft.lat !== null && draft.lng !== null;

  /**
   * Files the draft, asking first what must be asked: a typed address is
   * geocoded and the operator confirms the place (or keeps it unlocated); a
   * P1 or P2 without a location is confirmed. Resolves with the new
   * incident's id, or null when nothing was filed (yet): the draft is kept.
   */
  async function submit(options: { unlocatedConfirmed?: boolean } = {}): Promise<string | null> {
    if (submitting.value) return null;
    confirmation.value = null;
    // Nothing typed since the last report went: a click that lands on the form that report's
    // submit just cleared (a double click on 提交) files nothing and reports nothing.
    if (!dirty.value && result.value !== null && result.value.state !== 'error') return null;
    const problems = draftProblems();
    if (Object.keys(problems).length > 0) {
      fieldErrors.value = problems;
      result.value = { state: 'error', kind: 'invalid', message: '', incident: null };
      return null;
    }
    const address = draft.address.trim();
    const generation = formGeneration;
    submitting.value = true;
    try {
      if (address && !located() && draft.unlocated === null) {
        const found = await geocode(address);
        if (generation !== formGeneration || draft.address.trim() !== address) return null;
        if (found.best) {
          confirmation.value = { step: 'location', address, options: Object.freeze([found.best, ...found.alternatives]) };
          return null;
        }
        draft.unlocated = found.failed ? 'lookupFailed' : 'noMatch';
      }
      if ((draft.priority === 1 || draft.priority === 2) && !located() && !options.unlocatedConfirmed) {
        confirmation.value = {
          step: 'unlocated',
          priority: draft.priority,
          reason: address ? (draft.unlocated ?? 'noMatch') : 'noAddress',
        };
        return null;
      }
      return await file();
    } finally {
      submitting.value = false;
    }
  }

  async function geocode(address: string): Promise<{ best: PlaceMatch | null; alternatives: readonly PlaceMatch[]; failed: boolean }> {
    try {
      const { best, alternatives } = await client.call('places.geocode', { address: address.slice(0, GEOCODE_MAX) });
      return { best, alternatives, failed: false };
    } catch {
      // The address base cannot answer (not cached yet, host busy): filed unlocated, and the operator is told why.
      return { best: null, alternatives: [], failed: true };
    }
  }

  /** The operator's answer to "which place is this address": a match, or null to file it unlocated. */
  async function chooseLocation(match: PlaceMatch | null): Promise<string | null> {
    const asked = confirmation.value;
    if (asked?.step !== 'location' || asked.address !== draft.address.trim()) return null;
    confirmation.value = null;
    if (match) applyMatch(match, 'geocoded');
    else draft.unlocated = 'kept';
    return submit();
  }

  /** The operator files a P1/P2 without a location after all. */
  async function confirmUnlocated(): Promise<string | null> {
    if (confirmation.value?.step !== 'unlocated') return null;
    confirmation.value = null;
    return submit({ unlocatedConfirmed: true });
  }

  /** Back to the form: the question goes, the draft stays as it was. */
  function cancelConfirmation(): void {
    confirmation.value = null;
  }

  async function file(): Promise<string | null> {
    const id = newIncidentId(info.value?.workstation ?? null, timers.now() || Date.now());
    const args = createArgs(id);
    try {
      const queued = await client.call('command.send', { name: 'incident.create', args });
      const found = duplicates.value.filter((d) => d.id !== id);
      lastTaken.value = { draft: { ...draft }, command: queued.id };
      resetDraft();
      result.value = { state: 'queued', incident: id, command: queued.id, confirmed: false, unlocated: args.lat === undefined };
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
    formGeneration++;
    Object.assign(draft, emptyDraft(draft.line));
    priorityTouched.value = false;
    pickedAddress = null;
    fieldErrors.value = {};
    confirmation.value = null;
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
    pickedAddress = draft.location?.source === 'picked' ? draft.address : null;
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
    phoneReading,
    lengths,
    confirmation,
    duplicates,
    duplicatesFor,
    restorable,
    setCategory,
    setPriority,
    setAddress,
    pickAddress,
    placePin,
    lookUpAddress,
    submit,
    chooseLocation,
    confirmUnlocated,
    cancelConfirmation,
    mergeInto,
    clear,
    restore,
    clearFieldError,
  };
});
