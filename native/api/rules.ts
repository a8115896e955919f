/**
 * The console's rules, written once: the lists of the platform's vocabulary
 * (spec §8), the incident lifecycle, who may send which command (spec §7),
 * who sees callers' phones, and how a phone number is read and masked.
 *
 * This module imports nothing. It is the one value the renderer may import
 * from `native/` (lint allows exactly this file), so the detail panel asks
 * the same `commandRefusal` the host asks, and the host, the wire schemas
 * (`native/protocol`) and the console API (`native/api`) derive their enums
 * from these lists. The embedded platform keeps its own reading of the
 * lifecycle on purpose: it is the independent oracle the console is tested
 * against.
 */

// ── Vocabulary (spec §8) ─────────────────────────────────────────────────────

export const ROLES = ['duty_chief', 'call_taker', 'video_patroller'] as const;
export type Role = (typeof ROLES)[number];

export const INCIDENT_STATUSES = ['new', 'verified', 'dispatched', 'accepted', 'on_scene', 'resolved', 'closed', 'cancelled', 'merged'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses of an incident still being handled (the board's default, "overdue" applies to these). */
export const OPEN_STATUSES = ['new', 'verified', 'dispatched', 'accepted', 'on_scene'] as const satisfies readonly IncidentStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** Levels from the bottom up; an escalation moves one step. */
export const LEVELS = ['community', 'street', 'district', 'city'] as const;
export type Level = (typeof LEVELS)[number];

export const INCIDENT_SOURCES = ['110', '119', '122', '12345', 'city_mgmt', 'grid', 'volunteer', 'video', 'petition'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** The call lines; each is also an incident source. */
export const CALL_LINES = ['110', '119', '122', '12345'] as const satisfies readonly IncidentSource[];
export type CallLine = (typeof CALL_LINES)[number];

/** The first segment of a dotted category code (`traffic.collision`). */
export const CATEGORY_ROOTS = [
  'criminal', 'public_order', 'traffic', 'fire', 'rescue', 'dispute', 'hazard', 'city_mgmt', 'environment', 'petition', 'other',
] as const;
export type CategoryRoot = (typeof CATEGORY_ROOTS)[number];

export const PRIORITIES = [1, 2, 3, 4] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Xiamen's six districts, by administrative code, in the order the console lists them. */
export const DISTRICTS = {
  '350203': { zh: '思明区', en: 'Siming' },
  '350205': { zh: '海沧区', en: 'Haicang' },
  '350206': { zh: '湖里区', en: 'Huli' },
  '350211': { zh: '集美区', en: 'Jimei' },
  '350212': { zh: '同安区', en: "Tong'an" },
  '350213': { zh: '翔安区', en: "Xiang'an" },
} as const;
export type DistrictCode = keyof typeof DISTRICTS;
export const DISTRICT_CODES = Object.keys(DISTRICTS) as DistrictCode[];

export function isDistrictCode(code: unknown): code is DistrictCode {
  return typeof code === 'string' && Object.hasOwn(DISTRICTS, code);
}

// ── The incident lifecycle (spec §8) ─────────────────────────────────────────

/** The statuses an incident may move to from each status; anything else is a `conflict`. */
export const TRANSITIONS: { readonly [S in IncidentStatus]: readonly IncidentStatus[] } = {
  new: ['verified', 'dispatched', 'cancelled', 'merged'],
  verified: ['dispatched', 'cancelled', 'merged'],
  dispatched: ['accepted'],
  accepted: ['on_scene'],
  on_scene: ['resolved'],
  resolved: ['closed', 'dispatched'],
  closed: [],
  cancelled: [],
  merged: [],
};

export function isOpenStatus(status: string): status is OpenStatus {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** The statuses reachable from `status` (none for a status the lifecycle does not know). */
export function transitionsFrom(status: string): readonly IncidentStatus[] {
  return Object.hasOwn(TRANSITIONS, status) ? TRANSITIONS[status as IncidentStatus] : [];
}

/** The next level up for an escalation, or null at the top (or for an unknown level). */
export function nextLevel(level: string): Level | null {
  const at = LEVELS.indexOf(level as Level);
  return at < 0 ? null : (LEVELS[at + 1] ?? null);
}

// ── Who may do what (spec §7) ────────────────────────────────────────────────

export const COMMAND_NAMES = [
  'incident.create',
  'incident.update',
  'incident.transition',
  'incident.dispatch',
  'incident.escalate',
  'incident.offer',
  'incident.note',
  'incident.merge',
  'incident.attach',
  'incident.followup',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
}

/** The role table: the commands each role may send at all, before the argument rules below. */
export const COMMANDS_BY_ROLE: { readonly [R in Role]: readonly CommandName[] } = {
  duty_chief: COMMAND_NAMES,
  call_taker: [
    'incident.create',
    'incident.update',
    'incident.transition',
    'incident.dispatch',
    'incident.note',
    'incident.merge',
    'incident.offer',
    'incident.attach',
    'incident.followup',
  ],
  video_patroller: ['incident.create', 'incident.note', 'incident.attach', 'incident.dispatch'],
};

// ── Camera wall (issue 12) ───────────────────────────────────────────────────

/**
 * The wall's layouts: grids of 1, 4, 9, 16 and 25 tiles, and hotspots of one
 * large tile (tile 0) beside 5, 7 or 12 small ones. Here, not in the
 * contract, because the wall view lays tiles out by the same counts the host
 * validates against.
 */
export const WALL_LAYOUTS = ['1', '4', '9', '16', '25', '1+5', '1+7', '1+12'] as const;
export type WallLayout = (typeof WALL_LAYOUTS)[number];

const WALL_TILES: { readonly [L in WallLayout]: number } = { '1': 1, '4': 4, '9': 9, '16': 16, '25': 25, '1+5': 6, '1+7': 8, '1+12': 13 };

/** How many tiles a layout has. */
export function wallTileCount(layout: WallLayout): number {
  return WALL_TILES[layout];
}

/** Whether a layout has a large tile 0 beside small ones. */
export function isHotspotLayout(layout: WallLayout): boolean {
  return layout.startsWith('1+');
}

/**
 * How much an operator keeps of the wall: saved views, tours, camera
 * groups, favourite cameras, the cameras in one tour or group, a name's
 * length. Far above honest use — a video patroller keeps a dozen views and
 * tours and a few dozen favourites; a tour of 500 cameras at a 10 s dwell
 * takes 83 minutes to go round — but finite, so that a window (or a bug in
 * one) cannot grow state.db without end, nor the collections every window
 * of the operator is sent on each change (`wall.collections`). The host
 * refuses past them (host/wall/wall-limits.ts, the contract's names); the
 * wall's forms say so before.
 */
export const WALL_LIMITS = {
  views: 100,
  tours: 100,
  groups: 200,
  favourites: 1000,
  /** Cameras in one tour, or (each counted once) in one group. */
  listCameras: 500,
  /** Characters in a view's, tour's or group's name, spaces around it trimmed. */
  nameLength: 40,
} as const;

/** A name is one line the operator typed: control characters (C0, C1) and line or paragraph separators have no place in it. */
const NAME_CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** What is wrong with a view's, tour's or group's name once trimmed, or null. */
export function wallNameProblem(name: string): 'empty' | 'long' | 'control' | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.length > WALL_LIMITS.nameLength) return 'long';
  if (NAME_CONTROL.test(trimmed)) return 'control';
  return null;
}

/** Roles that see callers' phone numbers unmasked: they call callers back. Everyone else gets `maskPhone`. */
export const PHONES_VISIBLE_TO: readonly Role[] = ['duty_chief', 'call_taker'];

export function seesPhones(role: Role | null | undefined): boolean {
  return role !== null && role !== undefined && PHONES_VISIBLE_TO.includes(role);
}

/** Statuses a call taker may move an incident to through `incident.transition`. */
const CALL_TAKER_TRANSITIONS: readonly string[] = ['verified', 'cancelled'];

/**
 * What the console knows of the units a dispatch names, for the one rule
 * that depends on them: a video patroller dispatches to traffic police only
 * (v1.1). Without it nothing vouches for the units, and such a dispatch is
 * refused.
 */
export interface RefusalContext {
  departmentKinds?: readonly (string | null)[];
}

/**
 * Why `role` may not send this command with these args, or null when it may
 * (spec §7). The host asks this before anything reaches the outbox; the
 * renderer asks the same to offer only what will pass. The platform's
 * `forbidden` stays the authority.
 */
export function commandRefusal(role: Role, name: CommandName, args: Readonly<Record<string, unknown>>, context: RefusalContext = {}): string | null {
  if (role !== 'duty_chief' && ((name === 'incident.escalate' && args.to_level === 'city') || (name === 'incident.transition' && args.to === 'closed'))) {
    return 'only a duty chief may escalate to the city or close an incident';
  }
  if (!COMMANDS_BY_ROLE[role].includes(name)) return `the ${role} role may not send ${name}`;
  if (role === 'video_patroller' && name === 'incident.create' && args.source !== 'video') {
    return 'a video patroller files incidents with source "video" only';
  }
  if (role === 'video_patroller' && name === 'incident.dispatch') {
    const kinds = context.departmentKinds;
    if (!kinds || kinds.length === 0 || kinds.some((kind) => kind !== 'traffic_police')) {
      return 'a video patroller dispatches to traffic police units only';
    }
  }
  if (role === 'call_taker' && name === 'incident.transition' && !CALL_TAKER_TRANSITIONS.includes(String(args.to))) {
    return 'a call taker may move an incident to verified or cancelled only';
  }
  return null;
}

/** Whether `role` (null when signed out) may send this command; what the UI offers. */
export function roleMay(role: Role | null, name: CommandName, args: Readonly<Record<string, unknown>> = {}, context: RefusalContext = {}): boolean {
  return role !== null && commandRefusal(role, name, args, context) === null;
}

// ── What a filed incident's text may hold ───────────────────────────────────

/**
 * The longest text each field of `incident.create` takes (characters as
 * JavaScript counts them, as the contract's schema does). The intake form
 * counts down to these instead of cutting what the operator typed; a test
 * keeps them equal to the contract (native/api/commands.ts).
 */
export const INCIDENT_TEXT_LIMITS = { title: 200, description: 4000, address: 300, callerName: 50, callerPhone: 30 } as const;

// ── Phone numbers ────────────────────────────────────────────────────────────

/**
 * What a number is: a caller's mobile, a landline with its area code, a
 * local number (7–8 digits from 2–8, the area code left off), or a service line
 * (110, 12345, 95588, 400…): many unrelated callers share one of those.
 */
export type PhoneKind = 'mobile' | 'landline' | 'local' | 'service';

export interface PhoneNumber {
  /**
   * The number as dialled inside China: digits only (`*` stands for a digit
   * already masked upstream), country code dropped, a landline's trunk 0
   * restored (`+86 592 555 1234` → `05925551234`).
   */
  number: string;
  /** An extension (分机), kept apart: `0592-5551234 转 801` → `801`. */
  extension: string | null;
  kind: PhoneKind;
}

/** Words and marks that start an extension: 转, 分机, ext, x, #, or a comma. */
const EXTENSION = /(?:转|分机|ext\.?|x|#|,)\s*([\d*]{1,6})\s*$/i;
/** The last dash and what follows it: an extension (`0592-5551234-801`), or the last group of a number (`0592-555-1234`). */
const DASH_EXTENSION = /^(.*[\d*])\s*[-\u2010-\u2015]\s*([\d*]{1,6})$/;
/**
 * What may separate digits: spaces, dots, slashes, brackets and dashes
 * (hyphen, en and em dashes: word processors and IMEs turn one into another;
 * full-width forms are folded by NFKC first).
 */
const SEPARATORS = /[\s\-./()\u2010-\u2015]/g;
/** A mobile number: 1, then 3–9 (or a digit masked upstream), then nine more. */
const MOBILE = /^1[3-9*][\d*]{9}$/;
/** 400 and 800 numbers: companies' hotlines, ten digits, no area code. */
const HOTLINE = /^[48]00\d{7}$/;
/**
 * Service lines (特服号码): 110 police, 119 fire, 120 ambulance, 122 traffic
 * and the other 11x/12x; 12xxx government hotlines (12345) and 10xxx
 * carriers (10086); 95xxx(x) banks and companies, 96xxx(x) city hotlines;
 * 400/800 numbers. Any other short string of digits is not a number anyone
 * can call back.
 */
const SERVICE = [/^1[12]\d$/, /^1[02]\d{3}$/, /^9[56]\d{3,4}$/, HOTLINE];

/** Area-code length of a landline, trunk 0 included: 010 and the 02x cities (Shanghai, Tianjin, Chongqing, …), else 4. */
function areaCodeLength(number: string): number {
  return /^0(10|2\d)/.test(number) ? 3 : 4;
}

/** A number inside an area code has 7 or 8 digits. */
const isLocalLength = (digits: number) => digits === 7 || digits === 8;

/** Reads what is left once an extension is taken off: the number alone, with its separators. */
function readNumber(written: string, extension: string | null): PhoneNumber | null {
  let text = written.replace(SEPARATORS, '');
  let international = false;
  if (text.startsWith('+86')) {
    text = text.slice(3);
    international = true;
  } else if (text.startsWith('0086')) {
    text = text.slice(4);
    international = true;
  } else if (/^86[1][3-9][\d*]{9}$/.test(text)) {
    text = text.slice(2); // 86 before a mobile number, without the +
  }
  if (!/^[\d*]+$/.test(text)) return null;
  if (/^01[3-9]\d{9}$/.test(text)) {
    // A trunk 0 before a mobile, as dialled from a landline in another city
    // (013812345678), or after the country code (+86 0138…): no area code is 013–019.
    text = text.slice(1);
  } else if (international && !MOBILE.test(text) && !HOTLINE.test(text) && !text.startsWith('0')) {
    // After +86 a landline drops its trunk 0, Beijing's too (+86 10 1234 5678 → 010…).
    text = `0${text}`;
  }
  if (MOBILE.test(text)) return { number: text, extension, kind: 'mobile' };
  if (/^0[1-9*][\d*]+$/.test(text) && isLocalLength(text.length - areaCodeLength(text))) return { number: text, extension, kind: 'landline' };
  // A local number starts with 2–8: 1 leads mobiles and service lines, 9 the 95/96 service lines.
  if (/^[2-8*][\d*]*$/.test(text) && isLocalLength(text.length)) return { number: text, extension, kind: 'local' };
  // A service line, not a caller (a +86 number never gets here but as a 400/800 number: the others gained a 0).
  if (SERVICE.some((pattern) => pattern.test(text))) return { number: text, extension, kind: 'service' };
  return null;
}

/**
 * Reads a phone number as people write it. Returns null for anything that is
 * not one (letters, too few or too many digits, a short string of digits that
 * is no service line): callers must never echo such input to a role that may
 * not see phones.
 */
export function normalizePhone(raw: string | null | undefined): PhoneNumber | null {
  if (typeof raw !== 'string') return null;
  const text = raw.normalize('NFKC').trim();
  if (!text) return null;
  const ext = EXTENSION.exec(text);
  if (ext && ext.index > 0) return readNumber(text.slice(0, ext.index), ext[1]!);
  const whole = readNumber(text, null);
  const dashed = DASH_EXTENSION.exec(text);
  if (dashed) {
    // An extension when what stands before the dash is a number on its own
    // and either was written as one group of 7 digits or more (nobody splits
    // 0592-555-1234 that way) or the whole does not read as a number.
    const number = readNumber(dashed[1]!, dashed[2]!);
    const writtenWhole = /[\d*]{7,}$/.test(dashed[1]!);
    if (number && number.kind !== 'service' && (writtenWhole || (!whole && number.kind !== 'local'))) return number;
  }
  return whole;
}

/** What a phone field holds, as the intake form shows and files it. */
export interface PhoneReading {
  /** `unknown`: not a phone number. It is kept as typed, and flagged, never taken for one. */
  kind: PhoneKind | 'unknown';
  /** What is filed: the number, `#extension` when there is one (a caller's `phoneKey`); for `unknown` the text as typed, trimmed. */
  normalized: string;
  /** The number grouped to be read back to the caller (`138 1234 5678`, `0592-5551234`, `400-820-8820`), the extension apart. */
  display: string;
  extension: string | null;
}

/** Groups a read number the way it is said aloud. */
function groupNumber({ number, kind }: PhoneNumber): string {
  if (kind === 'mobile') return `${number.slice(0, 3)} ${number.slice(3, 7)} ${number.slice(7)}`;
  if (kind === 'landline') return `${number.slice(0, areaCodeLength(number))}-${number.slice(areaCodeLength(number))}`;
  if (HOTLINE.test(number)) return `${number.slice(0, 3)}-${number.slice(3, 6)}-${number.slice(6)}`;
  return number;
}

/**
 * The phone recogniser: what the text in a phone field is (see
 * `normalizePhone` for the formats it reads) and how it is filed. Null when
 * nothing was typed.
 */
export function recognizePhone(raw: string | null | undefined): PhoneReading | null {
  const typed = typeof raw === 'string' ? raw.trim() : '';
  if (!typed) return null;
  const phone = normalizePhone(typed);
  if (!phone) return { kind: 'unknown', normalized: typed, display: typed, extension: null };
  const { number, extension, kind } = phone;
  return { kind, normalized: extension ? `${number}#${extension}` : number, display: groupNumber(phone), extension };
}

/**
 * A phone number for a role that may not see it: a mobile keeps its first
 * three and last four digits (138****5678), a landline its area code and last
 * four (0592****1234), a local number its last four. Anything else — service
 * lines, garbage, empty — is `****`: never the input.
 */
export function maskPhone(raw: string | null | undefined): string {
  const phone = normalizePhone(raw);
  if (!phone || phone.kind === 'service') return '****';
  const { number, kind } = phone;
  const keep = kind === 'mobile' ? 3 : kind === 'landline' ? areaCodeLength(number) : 0;
  return `${number.slice(0, keep)}****${number.slice(-4)}`;
}

/**
 * The key a caller is known by (the cache's `caller_phone` column, the
 * duplicate check): the normalised number, `#extension` when there is one —
 * what `recognizePhone` files. Null when the input is not a caller's number:
 * garbage, or a service line such as 110, which many unrelated reports share.
 */
export function phoneKey(raw: string | null | undefined): string | null {
  const phone = normalizePhone(raw);
  if (!phone || phone.kind === 'service') return null;
  return phone.extension ? `${phone.number}#${phone.extension}` : phone.number;
}
