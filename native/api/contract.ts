import { z } from 'zod';
import { CommandRequest } from './commands.ts';
import { INCIDENT_STATUSES, LEVELS, PHONES_VISIBLE_TO, ROLES, WALL_LAYOUTS, WALL_LIMITS, wallNameProblem, type Role } from './rules.ts';
import { Category, ENTITY_KINDS, Incident, IncidentEvent, PLACE_KINDS, Priority, type EntityKind } from '../protocol/entities.ts';
import { Display, MAX_DISPLAYS, Workspace, WorkspaceWindow } from './workspace.ts';

/**
 * The console API: the one typed door between a window and the host.
 *
 * Each method has a params schema, a result schema and the roles that may call
 * it; each topic has a payload schema and a coalescing rule. Types are inferred
 * from the schemas, so the renderer (which imports this file type-only) and the
 * host can never disagree. Later capabilities add entries here.
 */

const Role = z.enum(ROLES);

export const Shell = z.enum(['electron', 'browser']);
export type Shell = z.infer<typeof Shell>;

export const Operator = z.object({ id: z.string(), name: z.string(), role: Role });
export type Operator = z.infer<typeof Operator>;

export const SessionInfo = z.object({
  shell: Shell,
  version: z.string(),
  workstation: z.string(),
  /** Who the platform says the token belongs to; null until a `welcome`. */
  operator: Operator.nullable(),
  role: Role.nullable(),
  platform: z.object({
    configured: z.boolean(),
    url: z.string().nullable(),
    /** True when the console runs its own embedded demo platform. */
    embedded: z.boolean(),
  }),
  signedIn: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const LinkState = z.enum([
  /** No platform URL configured at all. */
  'unconfigured',
  /** Configured, but no token: the operator must sign in. */
  'signed_out',
  /** Not connected; a retry is scheduled (see `retryAt`). */
  'offline',
  'connecting',
  /** Receiving a snapshot; `progress` counts items received. */
  'snapshot',
  'live',
  /** The platform said the token is not valid (4401): no retry until sign-in. */
  'unauthorized',
  /** The platform refused this console's protocol version (4426). */
  'update_required',
]);
export type LinkState = z.infer<typeof LinkState>;

export const LinkStatus = z.object({
  state: LinkState,
  cursor: z.number().int().nullable(),
  head: z.number().int().nullable(),
  /** head − cursor while live; null when unknown. */
  lag: z.number().int().nullable(),
  /** Snapshot items received so far (and parts) while state is `snapshot`. */
  progress: z.object({ parts: z.number().int(), items: z.number().int() }).nullable(),
  retryAt: z.string().nullable(),
  /** Commands written to the outbox and not yet answered by the platform. */
  outbox: z.number().int(),
  /** Items the platform sent that broke the contract, kept aside with the reason. */
  quarantine: z.number().int(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  since: z.string(),
  /**
   * The platform's clock, from its last `welcome`: its time zone (`tz`) and
   * how far its clock (`server_time`) was ahead of this console's when the
   * welcome arrived (negative: behind). The status bar shows the platform's
   * time from it; null before any welcome.
   */
  platformClock: z.object({ tz: z.string(), aheadMs: z.number() }).nullable(),
});
export type LinkStatus = z.infer<typeof LinkStatus>;

const NoParams = z.object({}).strict();

export const IncidentFilter = z
  .object({
    status: z.array(z.enum(INCIDENT_STATUSES)).max(9).optional(),
    priority: z.array(Priority).max(4).optional(),
    source: z.array(z.string().max(20)).max(9).optional(),
    district: z.array(z.string().regex(/^\d{6}$/)).max(6).optional(),
    level: z.array(z.enum(LEVELS)).max(4).optional(),
    /** A category code or prefix: `traffic` matches `traffic.collision`. */
    category: z.string().max(60).optional(),
    /** Full-text search over title, description and address. */
    search: z.string().max(100).optional(),
    overdue: z.boolean().optional(),
  })
  .strict();
export type IncidentFilter = z.infer<typeof IncidentFilter>;

/** The columns a board row shows; the full record is in `incident.get`. */
export const IncidentRow = z.object({
  id: z.string(),
  rev: z.number().int(),
  title: z.string(),
  status: z.string(),
  priority: z.number().int(),
  source: z.string(),
  category: z.string(),
  level: z.string(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  reportedAt: z.number(),
  updatedAt: z.number(),
  dueAt: z.number().nullable(),
  overdue: z.boolean(),
  /** Masked unless the role may see phone numbers. */
  callerPhone: z.string().nullable(),
});
export type IncidentRow = z.infer<typeof IncidentRow>;

/** A row's place in the board's order: a page may start right after it (keyset paging). */
export const BoardCursor = z
  .object({ priority: z.number().int(), reportedAt: z.number(), updatedAt: z.number(), id: z.string().min(1).max(200) })
  .strict();
export type BoardCursor = z.infer<typeof BoardCursor>;

export const TodayStats = z.object({
  /** The platform's time zone and its current day (YYYY-MM-DD). */
  tz: z.string(),
  day: z.string(),
  calls: z.object({ received: z.number().int(), answered: z.number().int(), answerRate: z.number().nullable() }),
  incidents: z.object({ reported: z.number().int(), criminal: z.number().int(), open: z.number().int(), overdue: z.number().int() }),
  openByPriority: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  /** Answered calls per hour of `answered_at`, today and yesterday (24 each). */
  answeredByHour: z.object({ today: z.array(z.number().int()), yesterday: z.array(z.number().int()) }),
  roads: z.object({ smooth: z.number().int(), slow: z.number().int(), congested: z.number().int(), blocked: z.number().int() }),
});
export type TodayStats = z.infer<typeof TodayStats>;

const Count = z.number().int();

/** The duty chief's breakdowns of today's and open incidents, from the cache. */
export const Breakdowns = z.object({
  tz: z.string(),
  day: z.string(),
  /** Incidents reported today per district: all six codes in DISTRICT_CODES order, zeros included. */
  byDistrict: z.array(z.object({ district: z.string(), count: Count })),
  /** Incidents reported today without a district. */
  noDistrict: Count,
  /** Incidents reported today per source: every source in INCIDENT_SOURCES order, zeros included. */
  bySource: z.array(z.object({ source: z.string(), count: Count })),
  /** Linkage units (联动单位) by open incidents assigned to them, busiest first (top 15). */
  workload: z.array(z.object({ department: z.string(), name: z.string().nullable(), open: Count })),
  /** Open incidents escalated to the city level, newest first (up to 50), and how many there are. */
  escalations: z.array(
    z.object({ id: z.string(), title: z.string(), priority: Count, status: z.string(), district: z.string().nullable(), reportedAt: z.number() }),
  ),
  escalationsTotal: Count,
});
export type Breakdowns = z.infer<typeof Breakdowns>;

export const EntityKindName = z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]);
export type EntityKindName = z.infer<typeof EntityKindName>;

export const CacheSummary = z.object({
  cursor: z.number().int().nullable(),
  counts: z.record(EntityKindName, z.number().int()),
  outbox: z.number().int(),
  quarantine: z.number().int(),
  /** Set when a damaged cache was moved aside and rebuilt at start-up. */
  rebuilt: z.object({ reason: z.string(), movedTo: z.string() }).nullable(),
});
export type CacheSummary = z.infer<typeof CacheSummary>;

export const EntitiesChanged = z.object({ kind: EntityKindName, upserted: z.array(z.string()), deleted: z.array(z.string()) });
export type EntitiesChanged = z.infer<typeof EntitiesChanged>;

export const LivePosition = z.object({
  id: z.string(),
  lat: z.number(),
  lng: z.number(),
  ts: z.string(),
  state: z.enum(['available', 'busy', 'offline']),
});

export const LinkNotice = z.object({ level: z.enum(['info', 'warn']), message: z.string(), at: z.string() });

/**
 * The new-P1 alarm: a priority-1 incident that has just arrived (as its board
 * row), or the alarm itself failing (`down`) and working again (`restored`),
 * so no operator takes silence for calm.
 */
export const AlarmEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new_p1'), incident: IncidentRow }),
  z.object({ kind: z.literal('down'), reason: z.string(), at: z.string() }),
  z.object({ kind: z.literal('restored'), at: z.string() }),
]);
export type AlarmEvent = z.infer<typeof AlarmEvent>;

export const CommandOutcome = z.object({
  id: z.string(),
  name: z.string(),
  ok: z.boolean(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  seq: z.number().int().nullable(),
});
export type CommandOutcome = z.infer<typeof CommandOutcome>;

// ── base map (issue 11) ──
/** The base map windows draw: a configured XYZ tile server and its datum, or null for the offline districts (egret start --map-tiles). */
export const MapBaseConfig = z.object({
  tiles: z
    .object({
      /** An http(s) template with {z}, {x} and {y}. */
      url: z.string(),
      /** The server's datum; CGCS2000 (Tianditu) is given as wgs84 (sub-metre apart). */
      datum: z.enum(['wgs84', 'gcj02']),
      maxZoom: z.number().int(),
      attribution: z.string(),
    })
    .nullable(),
});
export type MapBaseConfig = z.infer<typeof MapBaseConfig>;
// ── end base map (issue 11) ──

/** How closely a match locates an address; a landmark (poi) counts as `address`. */
export const PlacePrecision = z.enum(['address', 'road', 'community', 'street', 'district']);
export type PlacePrecision = z.infer<typeof PlacePrecision>;

/** One candidate location for a typed address: a place of the address base, or a recent incident's address. */
export const PlaceMatch = z.object({
  source: z.enum(['place', 'recent']),
  /** The place's id; null for a recent incident's address. */
  id: z.string().nullable(),
  /** The short name a suggestion list shows first: "湖滨南路388号", "厦门北站". */
  name: z.string(),
  /** The full address to file: "厦门市思明区湖滨南路388号". */
  address: z.string(),
  /** The place's kind; null for a recent address. */
  kind: z.enum(PLACE_KINDS).nullable(),
  precision: PlacePrecision,
  district: z.string().nullable(),
  street: z.string().nullable(),
  community: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  /** 0..1: how sure the ranking is. */
  score: z.number(),
});
export type PlaceMatch = z.infer<typeof PlaceMatch>;

// ── offers and waves (issue 11) ──

/** 派单 waves: how a run of offers to the nearest volunteers widens (state.db; the duty chief sets them). */
export const WaveSettings = z
  .object({
    /** The first wave's radius in the urban districts (`urbanDistricts`), and elsewhere. */
    urbanRadiusM: z.number().int().min(50).max(20_000),
    otherRadiusM: z.number().int().min(50).max(20_000),
    /** Volunteers offered per wave. */
    n: z.number().int().min(1).max(50),
    /** Each wave's offer expiry (incident.offer's expires_in_s). */
    expiresInS: z.number().int().min(10).max(3600),
    maxWaves: z.number().int().min(1).max(10),
    /** Each wave doubles the radius, up to this. */
    maxRadiusM: z.number().int().min(50).max(20_000),
    urbanDistricts: z.array(z.string().regex(/^\d{6}$/)).max(20),
  })
  .strict();
export type WaveSettings = z.infer<typeof WaveSettings>;

/** One wave sent: to whom (none: nobody was in range), and the incident.offer command that carried it. */
export const OfferWave = z.object({
  wave: z.number().int(),
  radiusM: z.number(),
  volunteers: z.array(z.string()),
  sentAt: z.number(),
  expiresAt: z.number(),
  /** The outbox command's id; null when nobody was in range and nothing was sent. */
  command: z.string().nullable(),
});
export type OfferWave = z.infer<typeof OfferWave>;

export const WaveState = z.object({
  incident: z.string(),
  /** The wave sent last (1-based; 0 before the first goes). */
  wave: z.number().int(),
  maxWaves: z.number().int(),
  /** The last wave's radius. */
  radiusM: z.number(),
  /** Offered in the last wave. */
  volunteers: z.array(z.string()),
  /** Offered in any wave (never offered twice). */
  offered: z.array(z.string()),
  /** When the last wave's offer expires (epoch ms). */
  expiresAt: z.number(),
  /** When the next wave goes (epoch ms); null when none will. */
  nextWaveAt: z.number().nullable(),
  state: z.enum(['running', 'accepted', 'exhausted', 'stopped', 'failed']),
  acceptedBy: z.string().nullable(),
  /** The operator's id. */
  startedBy: z.string(),
  /** Every wave, oldest first. */
  waves: z.array(OfferWave),
  /** Why a run stopped or failed (the operator, the incident closed, a refused command). */
  reason: z.string().nullable(),
});
export type WaveState = z.infer<typeof WaveState>;

const WaveSettingsPatch = WaveSettings.partial().strict();

// ── end offers and waves (issue 11) ──

// ── volunteers (issue 11) ──

/** The points leaderboard (积分): the top volunteers, highest first; equal points share a rank. */
const VolunteerBoardRow = z.object({
  rank: Count,
  id: z.string(),
  /** Masked, as the platform gives it. */
  name: z.string(),
  team: z.string().nullable(),
  district: z.string().nullable(),
  points: z.number(),
  verified: z.boolean(),
  /** On patrol now (from live positions): free or on a task; null when not on patrol. */
  onPatrol: z.enum(['available', 'busy']).nullable(),
});
export const VolunteerBoard = z.object({
  items: z.array(VolunteerBoardRow),
  /** Registered volunteers in the cache. */
  registered: Count,
  /** With `find`: the volunteers it names, wherever they rank (at most 10, by points); empty without it. */
  found: z.array(VolunteerBoardRow),
});
export type VolunteerBoard = z.infer<typeof VolunteerBoard>;

/** How offers (派单) fared: offers made, taken, refusals, run out; grab rate = accepted / offers. */
export const GrabFigures = z.object({
  offers: Count,
  accepted: Count,
  declines: Count,
  expired: Count,
  grabRate: z.number().nullable(),
  /** Median seconds from the offer to its first acceptance; null when none was taken. */
  medianAcceptS: z.number().nullable(),
});
export type GrabFigures = z.infer<typeof GrabFigures>;

export const VolunteerStats = z.object({
  /** The platform's zone and today's date in it; the window is `days` local days ending today, [from, to). */
  tz: z.string(),
  day: z.string(),
  days: z.union([z.literal(1), z.literal(7)]),
  from: z.number(),
  to: z.number(),
  /** The oldest offer event the cache holds (a window reaching further back sees only from here); null: none. */
  heldSince: z.number().nullable(),
  /** On patrol now, by the volunteer's district: all six codes in order, then `null` (unknown) when there are any. */
  patrol: z.object({
    total: Count,
    available: Count,
    busy: Count,
    byDistrict: z.array(z.object({ district: z.string().nullable(), available: Count, busy: Count })),
  }),
  offers: GrabFigures,
  /** By the incident's district: six codes in order, then `null` when any incident had none. */
  byDistrict: z.array(GrabFigures.extend({ district: z.string().nullable() })),
  /** By the local hour (0–23) the offer was made. */
  byHour: z.array(GrabFigures.extend({ hour: Count })),
});
export type VolunteerStats = z.infer<typeof VolunteerStats>;

/** Volunteers' photo reports waiting for verification (source `volunteer`, status `new`), the longest waiting first. */
export const VolunteerReports = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      rev: Count,
      title: z.string(),
      category: z.string(),
      priority: Count,
      district: z.string().nullable(),
      address: z.string().nullable(),
      description: z.string().nullable(),
      reportedAt: z.number(),
      /** The reporting volunteer's (masked) name, as the incident's caller. */
      reporter: z.string().nullable(),
      /** Photo attachments, URLs absolute (relative ones resolved against the platform's origin). */
      photos: z.array(z.object({ id: z.string(), url: z.string(), mime: z.string() })),
    }),
  ),
  /** How many are waiting in all. */
  waiting: Count,
});
export type VolunteerReports = z.infer<typeof VolunteerReports>;

// ── end volunteers (issue 11) ──

// ── map (issue 11) ──

/** An incident on the map: located ones only (lat/lng set). */
export const MapIncident = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  priority: z.number().int(),
  status: z.string(),
  lat: z.number(),
  lng: z.number(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  /** Open and past its `due_at` by the console's clock. */
  overdue: z.boolean(),
  /** Still open (not resolved, closed or cancelled). */
  open: z.boolean(),
  reportedAt: z.number(),
});
export type MapIncident = z.infer<typeof MapIncident>;

/** `flapping`: offline and back more than twice in the last 10 minutes (the host watches the changes). */
export const CameraMapStatus = z.enum(['online', 'offline', 'flapping']);
export type CameraMapStatus = z.infer<typeof CameraMapStatus>;

export const MapCamera = z.object({
  id: z.string(),
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  district: z.string(),
  road: z.string().nullable(),
  kind: z.string(),
  status: CameraMapStatus,
});
export type MapCamera = z.infer<typeof MapCamera>;

export const MapRoad = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  level: z.enum(['smooth', 'slow', 'congested', 'blocked']),
  speedKmh: z.number().nullable(),
  /** [lat, lng] WGS84, in order along the road. */
  line: z.array(z.tuple([z.number(), z.number()])),
});
export type MapRoad = z.infer<typeof MapRoad>;

/** A department (linkage unit) with a station (v1.1 lat/lng). */
export const MapStation = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  level: z.string(),
  district: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
});
export type MapStation = z.infer<typeof MapStation>;

/** Position states on the wire, by number: what `PackedPositions.state` holds. */
export const PACKED_STATES = ['available', 'busy', 'offline', 'offered'] as const;

/**
 * Live positions, packed: parallel arrays by slot (a volunteer keeps its slot
 * while `book` stays the same). `ids` names the slots first seen since the
 * last push; a window that meets an unknown `book` or a slot it has no id for
 * re-fetches `map.positions`.
 */
export const PackedPositions = z.object({
  book: z.string(),
  slots: z.array(z.number().int()),
  lat: z.array(z.number()),
  lng: z.array(z.number()),
  /** Index into PACKED_STATES: 0 available, 1 busy, 2 offline, 3 offered. */
  state: z.array(z.number().int()),
  /** Epoch ms of each position. */
  ts: z.array(z.number()),
  ids: z.array(z.tuple([z.number().int(), z.string()])),
});
export type PackedPositions = z.infer<typeof PackedPositions>;

export const NearbyVolunteer = z.object({
  id: z.string(),
  name: z.string().nullable(),
  /** Straight-line (great-circle) metres, rounded. */
  metres: z.number(),
  lat: z.number(),
  lng: z.number(),
  state: z.enum(PACKED_STATES),
  verified: z.boolean(),
  /** Seconds since the volunteer's last position, by the console's clock. */
  lastSeenS: z.number(),
});
export type NearbyVolunteer = z.infer<typeof NearbyVolunteer>;

export const VolunteerProfile = z.object({
  id: z.string(),
  name: z.string(),
  team: z.string().nullable(),
  district: z.string().nullable(),
  skills: z.array(z.string()),
  points: z.number(),
  verified: z.boolean(),
  /** From live positions; null when none arrived. */
  state: z.enum(PACKED_STATES).nullable(),
  lastSeenS: z.number().nullable(),
  /** Offers sent to them, accepted, declined (cache's incident events). */
  offers: z.number().int(),
  accepted: z.number().int(),
  declined: z.number().int(),
  /** accepted / offers; null with no offers. */
  acceptanceRate: z.number().nullable(),
  /** Incidents they took (accepted offers, distinct incidents). */
  tasksTaken: z.number().int(),
});
export type VolunteerProfile = z.infer<typeof VolunteerProfile>;

const Lat = z.number().min(-90).max(90);
const Lng = z.number().min(-180).max(180);
const MapId = z.string().min(1).max(200);

// ── end map (issue 11) ──

// ── wall (issue 12) ──

/** A wall layout (rules.ts WALL_LAYOUTS: tile counts 1, 4, 9, 16, 25, 6, 8, 13; hotspot tile 0 is the large one). */
const WallLayoutName = z.enum(WALL_LAYOUTS);
const WallCameraId = z.string().min(1).max(200);
/** A name an operator gives a view, tour or group: 1–40 characters (rules.ts WALL_LIMITS), spaces around it trimmed, one line. */
const WALL_NAME_LENGTH = `a name needs 1 to ${WALL_LIMITS.nameLength} characters`;
const WallName = z
  .string()
  .trim()
  .min(1, WALL_NAME_LENGTH)
  .max(WALL_LIMITS.nameLength, WALL_NAME_LENGTH)
  .refine((name) => wallNameProblem(name) !== 'control', 'a name may not hold control characters or line breaks');
/**
 * A bound on a tour's or group's list as sent, so a frame cannot carry an
 * endless one (the demo city has 3,060 cameras). What an operator may keep
 * (rules.ts WALL_LIMITS.listCameras) the host checks, each camera of a group
 * counted once, and says in its refusal.
 */
const WALL_LIST_MAX = 5000;
/** Tile indexes: the largest layout has 25 tiles. */
const WallTile = z.number().int().min(0).max(24);
/** Who may use the wall: the video patroller's work, and the duty chief's traffic video. */
const WALL_ROLES: readonly Role[] = ['video_patroller', 'duty_chief'];

/** A tour running on the wall: in one tile (`tile`) or over the whole wall, a page of cameras at a time. */
export const TourRun = z.object({
  name: z.string(),
  scope: z.enum(['tile', 'wall']),
  /** Tile scope: the tile it runs in; null for the wall. */
  tile: z.number().int().nullable(),
  /** Tile scope: the index of the camera shown; wall scope: the first camera of the page shown. */
  index: z.number().int(),
  paused: z.boolean(),
  /** Host clock (epoch ms) of the next step; null while paused. */
  nextAtMs: z.number().nullable(),
});
export type TourRun = z.infer<typeof TourRun>;

/** One operator's wall, kept in the host (state.db) so every window of the console shows the same. */
// ── early warning (issue 14) ──

/** What a warning found: a space-time cluster, a call surge, a repeat (caller, address, reopened incident), overdue work piling up. */
export const WarningKind = z.enum(['cluster', 'surge', 'repeat_caller', 'repeat_address', 'reopened', 'overdue']);
export type WarningKind = z.infer<typeof WarningKind>;
export const WarningStatus = z.enum(['open', 'acknowledged', 'dismissed']);
export type WarningStatus = z.infer<typeof WarningStatus>;

/** Who acknowledged or dismissed a warning, when, and why; shared through an `incident.note` marker (native/warning/marker.ts). */
export const WarningHandling = z.object({
  action: z.enum(['acknowledged', 'dismissed']),
  /** The operator's name as the platform gave it (another console's chief, too). */
  by: z.string(),
  at: z.number(),
  /** The note (acknowledged) or the reason (dismissed); '' when none was given. */
  text: z.string(),
});
export type WarningHandling = z.infer<typeof WarningHandling>;

/**
 * One warning, as data: the renderer words it in either language. Its `key`
 * survives recomputation: the same cluster or surge keeps it as it grows, so
 * it updates in place and its handling is kept.
 */
export const Warning = z.object({
  key: z.string(),
  kind: WarningKind,
  status: WarningStatus,
  /** Category family (a category's first two segments, e.g. `criminal.theft`) for cluster and repeats; null otherwise. */
  family: z.string().nullable(),
  district: z.string().nullable(),
  street: z.string().nullable(),
  /** surge: the line (null = all four lines together). */
  line: z.enum(['110', '119', '122', '12345']).nullable(),
  /** overdue: the department piling up overdue work (null when it is a street). */
  department: z.string().nullable(),
  /** repeat_address: the address; repeat_caller: the caller's phone, masked as the role sees phones. */
  address: z.string().nullable(),
  caller: z.string().nullable(),
  /** Since when (epoch ms): the first incident or call counted, the surge's start. */
  since: z.number(),
  /** The latest incident or call counted. */
  lastAt: z.number(),
  /** When this console first raised it, and last recomputed it. */
  raisedAt: z.number(),
  updatedAt: z.number(),
  /** What was counted (incidents, calls) and what the baseline expected over the same place and span. */
  observed: z.number().int(),
  expected: z.number(),
  /** The baseline compared with, e.g. `same_hour_weekday_4w`, `zone_history_28d`, `rule`. */
  baseline: z.string(),
  /** How unlikely under the baseline (a tail probability or the scan's p-value); null for rule-based kinds. */
  pValue: z.number().nullable(),
  /** A signal this strong arises by chance about once in this many days at these settings; null for rule-based kinds. */
  recurrenceDays: z.number().nullable(),
  /** cluster: the circle scanned, and the outline of its incidents (convex hull, WGS84) for the map. */
  area: z.object({ lat: z.number(), lng: z.number(), radiusM: z.number() }).nullable(),
  outline: z.array(z.tuple([z.number(), z.number()])),
  /** Its incidents (at most 200, newest first) and, for a surge, the number of calls (ids not listed). */
  incidents: z.array(z.string()),
  handling: WarningHandling.nullable(),
});
export type Warning = z.infer<typeof Warning>;

/** The warnings as computed last: open ones first, then those handled in the last 24 hours. */
export const WarningsState = z.object({
  warnings: z.array(Warning),
  /** When they were computed (epoch ms; 0 before the first computation) and how long it took. */
  computedAt: z.number(),
  tookMs: z.number(),
  /** Days of history behind the baseline (the demo fills four weeks in the background); under 28 the figures say so. */
  baselineDays: z.number(),
  /** Open warnings not yet handled (the badge). */
  open: z.number().int(),
});
export type WarningsState = z.infer<typeof WarningsState>;

/** Thresholds (state.db; the duty chief sets them). Defaults in native/warning/settings.ts. */
export const WarningSettings = z
  .object({
    /** Clusters: the largest circle and the longest window scanned, and the fewest incidents a cluster needs. */
    clusterMaxRadiusM: z.number().int().min(100).max(5_000),
    clusterMaxHours: z.number().int().min(1).max(72),
    clusterMinIncidents: z.number().int().min(3).max(50),
    /** A cluster is raised when one this strong would arise by chance less than once in this many days. */
    clusterRecurrenceDays: z.number().min(1).max(10_000),
    /** Surges: expected false surges per day, over all districts × lines × hours together. */
    surgeFalseAlarmsPerDay: z.number().min(0.01).max(10),
    /** Repeats: the same caller or address this many times within this many days, about the same family. */
    repeatMinCount: z.number().int().min(2).max(20),
    repeatDays: z.number().int().min(1).max(30),
    /** Overdue: one department or street with at least this many open incidents past their deadline. */
    overdueMinIncidents: z.number().int().min(2).max(100),
    /** Kinds switched off are not computed. */
    enabled: z.array(WarningKind),
  })
  .strict();
export type WarningSettings = z.infer<typeof WarningSettings>;
const WarningSettingsPatch = WarningSettings.partial().strict();

/** The settings with what they promise: expected false warnings per day of each statistical kind under normal conditions. */
export const WarningSettingsView = z.object({
  settings: WarningSettings,
  expectedFalsePerDay: z.object({ cluster: z.number(), surge: z.number() }),
});
export type WarningSettingsView = z.infer<typeof WarningSettingsView>;

// ── workspaces and the shared selection (issue 13) ──
/**
 * The displays connected now, as the shell that owns the windows sees them
 * (Electron's `screen`; the browser's `getScreenDetails()`, or its one
 * `window.screen`).
 */
const Displays = z.array(Display).min(1).max(MAX_DISPLAYS);

/** A workspace window's id (native/api/workspace.ts). */
const WindowId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a window id is lower-case letters, digits and dashes');

/**
 * The operator's workspace as the windows follow it: the one `workspace.open`
 * restored (or the role's default) with every later change — a window
 * popped out, docked back, pinned, put in wall mode, moved (`workspace.save`).
 * `rev` counts the changes since the host started; a window takes a push
 * only over a lower rev.
 */
const WorkspaceFallback = z.object({ reason: z.enum(['not_json', 'invalid', 'newer_version', 'foreign']), message: z.string() });

export const LiveWorkspace = z.object({
  workspace: Workspace,
  rev: z.number().int().min(0),
  /**
   * On the workspace `workspace.open` made live when the saved one was not
   * usable: why. Carried here, not only in the answer, because in Electron
   * the main process opens the workspace and only the pages can tell the
   * operator.
   */
  fallback: WorkspaceFallback.optional(),
});
export type LiveWorkspace = z.infer<typeof LiveWorkspace>;

export const WorkspaceOpened = z.object({
  live: LiveWorkspace,
  /** Why the saved workspace was not used (damaged, newer, another's): the operator is told; null when it was, or none was saved. */
  fallback: WorkspaceFallback.nullable(),
});
export type WorkspaceOpened = z.infer<typeof WorkspaceOpened>;

/**
 * The incident the operator has selected, shared by all their windows: the
 * map centres on it, the wall offers its nearest cameras, a detail shows it
 * — in every window that is not pinned. `window` is the one it was selected
 * in (that window has already followed); `seq` orders the changes.
 */
export const Selection = z.object({
  incident: z.string().nullable(),
  window: WindowId.nullable(),
  seq: z.number().int().min(0),
  at: z.string(),
});
export type Selection = z.infer<typeof Selection>;
// ── end workspaces (issue 13) ──

export const WallState = z.object({
  /** Whose wall: the operator's id (a window ignores another operator's). */
  operator: z.string(),
  layout: WallLayoutName,
  /** The camera id in each tile, null for an empty one; as many as the layout has tiles. */
  tiles: z.array(z.string().nullable()),
  /** The tile shown large, or null. */
  maximised: z.number().int().nullable(),
  /** The saved view last applied (or saved); null once the tiles or layout were changed by hand. */
  view: z.string().nullable(),
  tour: TourRun.nullable(),
  /** Increases on every change. */
  rev: z.number().int(),
});
export type WallState = z.infer<typeof WallState>;

/** A camera sequence and how long each camera (or page) stays on the wall. */
export const TourDef = z
  .object({
    name: WallName,
    cameras: z.array(WallCameraId).min(1).max(WALL_LIST_MAX),
    dwellS: z.number().int().min(3).max(600),
  })
  .strict();
export type TourDef = z.infer<typeof TourDef>;

/** A named view: a layout and its cameras, saved per operator (what issue 10's workspaces will reference). */
export const SavedView = z.object({ name: z.string(), layout: WallLayoutName, tiles: z.array(z.string().nullable()) });
export type SavedView = z.infer<typeof SavedView>;

/** An operator's named group of cameras (the directory shows them; a tour may page through one). */
export const CameraGroup = z.object({ name: z.string(), cameras: z.array(z.string()) });
export type CameraGroup = z.infer<typeof CameraGroup>;

/**
 * The signed-in operator's own collections, whole, on `wall.collections`
 * after any of them changes (in any window of theirs): a window shows what
 * another saved without a reload. Bounded by rules.ts WALL_LIMITS.
 */
export const WallCollections = z.object({
  /** Whose: the operator's id (a window ignores another operator's). */
  operator: z.string(),
  /** Favourite cameras in the order marked. */
  favourites: z.array(z.string()),
  groups: z.array(CameraGroup),
  views: z.array(SavedView),
  tours: z.array(TourDef),
  /** Increases with each change while the console runs; a window that reconnects takes what it is sent first, whatever its rev. */
  rev: z.number().int(),
});
export type WallCollections = z.infer<typeof WallCollections>;

// ── end wall (issue 12) ──

/** `'any'` means every caller, signed in or not. */
type RoleRule = 'any' | 'signed_in' | readonly Role[];

interface MethodSpec<P extends z.ZodType, R extends z.ZodType> {
  params: P;
  result: R;
  roles: RoleRule;
  /** Human summary, shown in `egret --help`-style listings and docs. */
  summary: string;
}

function method<P extends z.ZodType, R extends z.ZodType>(spec: MethodSpec<P, R>): MethodSpec<P, R> {
  return spec;
}

type AnyMethodSpec = MethodSpec<z.ZodType, z.ZodType>;
/** The methods as they are once built: a function's spec, a spec as given. */
type Built<T> = {
  readonly [K in keyof T]: T[K] extends () => (infer S extends AnyMethodSpec) ? S : T[K] extends AnyMethodSpec ? T[K] : never;
};

/**
 * The methods, each built on first use and kept when given as a function.
 * zod builds a schema when it is declared (every node a class instance with
 * its methods), and a window calls a handful of the contract's methods at
 * start; building all of them sat on every start's main thread (bench:start
 * --profile, issue 10) — a small part of importing the API, most of which is
 * loading zod itself (0.12 of 0.19 CPU-s on an idle core). Entries given as
 * they are (no function) are simply there.
 */
function lazily<T extends Record<string, AnyMethodSpec | (() => AnyMethodSpec)>>(entries: T): Built<T> {
  const built: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(entries)) {
    if (typeof entry !== 'function') {
      Object.defineProperty(built, name, { value: entry, enumerable: true });
      continue;
    }
    Object.defineProperty(built, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        const value: unknown = entry();
        Object.defineProperty(built, name, { value, enumerable: true });
        return value;
      },
    });
  }
  return built as Built<T>;
}

export const methods = lazily({
  'session.info': () => method({
    summary: 'Which shell, version, workstation, operator and role this window talks to.',
    params: NoParams,
    result: SessionInfo,
    roles: 'any',
  }),
  'session.signIn': () => method({
    summary: 'Store a platform token and (re)connect the link with it.',
    params: z.object({ token: z.string().trim().min(1, 'token is empty').max(4096) }).strict(),
    result: SessionInfo,
    roles: 'any',
  }),
  'session.signOut': () => method({
    summary: 'Forget the token and disconnect; the cache stays.',
    params: NoParams,
    result: SessionInfo,
    roles: 'any',
  }),
  'link.status': () => method({
    summary: 'The current state of the platform link.',
    params: NoParams,
    result: LinkStatus,
    roles: 'any',
  }),
  'cache.summary': () => method({
    summary: 'The cache cursor, counts per kind, outbox and quarantine sizes.',
    params: NoParams,
    result: CacheSummary,
    roles: 'any',
  }),
  'incidents.page': () => method({
    summary: 'A page of incidents for the board: filtered, searched and sorted, with the total.',
    params: z
      .object({
        filter: IncidentFilter.default({}),
        sort: z.enum(['priority', 'reported', 'updated']).default('priority'),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(1).max(500).default(50),
        /** Start right after this row (keyset paging, for a page that follows one held); `offset` is then ignored. */
        after: BoardCursor.optional(),
        /**
         * Count the matches too (the default). Counting visits every matching
         * row; a board re-reading its rows many times a second counts less often.
         */
        count: z.boolean().default(true),
      })
      .strict(),
    result: z.object({
      /** How many match the filter; null when not counted. */
      total: z.number().int().nullable(),
      /** How many match per priority (P1..P4) with the filter's own priority choice left out (the filter bar's counts); null when not counted. */
      byPriority: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]).nullable(),
      rows: z.array(IncidentRow),
    }),
    roles: 'signed_in',
  }),
  'incident.get': () => method({
    summary: 'One incident as last applied (phones masked unless the role may see them) with its timeline, oldest first.',
    params: z.object({ id: z.string().min(1).max(200) }).strict(),
    // The §8 entities themselves: the cache checks them against these schemas when it reads them back.
    result: z.object({ incident: Incident, events: z.array(IncidentEvent) }),
    roles: 'signed_in',
  }),
  'incidents.duplicates': () => method({
    summary: 'Possible duplicates of a report being typed: open incidents within 300 m and 30 min of a related category, or the same caller.',
    params: z
      .object({
        lat: z.number().min(-90).max(90).optional(),
        lng: z.number().min(-180).max(180).optional(),
        category: z.string().max(60).optional(),
        callerPhone: z.string().max(30).optional(),
      })
      .strict(),
    result: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        status: z.string(),
        priority: z.number().int(),
        category: z.string(),
        address: z.string().nullable(),
        reportedAt: z.number(),
        metres: z.number().nullable(),
        reason: z.enum(['nearby', 'same_caller']),
      }),
    ),
    // Whether a number has called is itself a phone detail: only roles that see phones may ask.
    roles: PHONES_VISIBLE_TO,
  }),
  'departments.list': () => method({
    summary: 'Linkage units, those fitting a category and district first.',
    params: z.object({ category: z.string().max(60).optional(), district: z.string().max(6).optional() }).strict(),
    result: z.array(
      z.object({ id: z.string(), name: z.string(), kind: z.string(), level: z.string(), district: z.string().nullable(), suggested: z.boolean() }),
    ),
    roles: 'signed_in',
  }),
  // ── map (issue 11) ──
  'map.incidents': () => method({
    summary: 'Located incidents for the map: the open ones and those resolved, closed or cancelled in the last hours, filtered like the board.',
    params: z
      .object({ filter: IncidentFilter.default({}), closedWithinHours: z.number().min(0).max(72).default(24) })
      .strict(),
    result: z.object({ items: z.array(MapIncident) }),
    roles: 'signed_in',
  }),
  'map.cameras': () => method({
    summary: 'Every camera with its position and status (online, offline, flapping).',
    params: NoParams,
    result: z.object({ items: z.array(MapCamera) }),
    roles: 'signed_in',
  }),
  'map.roads': () => method({
    summary: 'Roads that have a line, with their traffic level.',
    params: NoParams,
    result: z.object({ items: z.array(MapRoad) }),
    roles: 'signed_in',
  }),
  'map.stations': () => method({
    summary: "Linkage units' stations: departments that have a position.",
    params: NoParams,
    result: z.object({ items: z.array(MapStation) }),
    roles: 'signed_in',
  }),
  'map.positions': () => method({
    summary: 'Every live volunteer position now, packed, with every slot named (a window starting, or meeting a new book).',
    params: NoParams,
    result: PackedPositions,
    roles: 'signed_in',
  }),
  'volunteers.nearest': () => method({
    summary: 'Volunteers nearest a point by their live positions (straight line), nearest first, ties by id; available and verified ones by default.',
    params: z
      .object({
        lat: Lat,
        lng: Lng,
        k: z.number().int().min(1).max(50).default(10),
        radiusM: z.number().positive().max(50_000).optional(),
        availableOnly: z.boolean().default(true),
        verifiedOnly: z.boolean().default(true),
        exclude: z.array(MapId).max(500).optional(),
      })
      .strict(),
    result: z.array(NearbyVolunteer),
    roles: 'signed_in',
  }),
  'volunteers.track': () => method({
    summary: "A volunteer's recent positions, oldest first (the last `minutes`, up to 30, by the newest position the console holds).",
    params: z.object({ id: MapId, minutes: z.number().positive().max(30).default(30) }).strict(),
    result: z.object({ ts: z.array(z.number()), lat: z.array(z.number()), lng: z.array(z.number()) }),
    roles: 'signed_in',
  }),
  'volunteers.profile': () => method({
    summary: "A volunteer's profile: team, skills, points, live state and their offers (taken, declined, acceptance rate) from the cache.",
    params: z.object({ id: MapId }).strict(),
    result: VolunteerProfile,
    roles: 'signed_in',
  }),
  'cameras.nearest': () => method({
    summary: 'Cameras nearest a point (straight line), nearest first, ties by id; online ones only when asked.',
    params: z.object({ lat: Lat, lng: Lng, k: z.number().int().min(1).max(50).default(5), onlineOnly: z.boolean().default(false) }).strict(),
    result: z.array(
      z.object({ id: z.string(), name: z.string(), metres: z.number(), status: CameraMapStatus, lat: z.number(), lng: z.number() }),
    ),
    roles: 'signed_in',
  }),
  // ── end map (issue 11) ──
  'volunteers.names': () => method({
    summary: "Volunteers' names (masked as the platform gives them) by id, from the cache; ids it does not hold are left out.",
    params: z.object({ ids: z.array(z.string().min(1).max(200)).min(1).max(200) }).strict(),
    result: z.array(z.object({ id: z.string(), name: z.string() })),
    roles: 'signed_in',
  }),
  'audit.list': () => method({
    summary: 'The audit log of operator actions, newest first (duty chief only).',
    params: z.object({ limit: z.number().int().min(1).max(5000).default(200), before: z.number().int().optional() }).strict(),
    result: z.array(
      z.object({
        n: z.number().int(),
        at: z.string(),
        /** The operator's id, as the platform knows them. */
        operator: z.string().nullable(),
        /** Their name as the platform's welcome gave it when they signed in here; null for an id never seen here. */
        operatorName: z.string().nullable(),
        role: z.string().nullable(),
        workstation: z.string().nullable(),
        action: z.string(),
        target: z.string().nullable(),
        result: z.string(),
      }),
    ),
    roles: ['duty_chief'],
  }),
  'audit.csv': () => method({
    summary: 'The whole audit log as CSV text (duty chief only).',
    params: NoParams,
    result: z.object({ filename: z.string(), csv: z.string() }),
    roles: ['duty_chief'],
  }),
  'stats.today': () => method({
    summary: "Today's figures in the platform's time zone, from the cache.",
    params: NoParams,
    result: TodayStats,
    roles: 'signed_in',
  }),
  'stats.breakdowns': () => method({
    summary: "Today's incidents by district and source, linkage-unit workload and escalations waiting for the city (duty chief only).",
    params: NoParams,
    result: Breakdowns,
    roles: ['duty_chief'],
  }),
  'places.suggest': () => method({
    summary: 'Suggestions for an address being typed: places of the address base first, then addresses of recent incidents.',
    params: z.object({ text: z.string().min(1).max(120), limit: z.number().int().min(1).max(20).default(8) }).strict(),
    result: z.object({ items: z.array(PlaceMatch) }),
    roles: 'signed_in',
  }),
  'places.geocode': () => method({
    summary: 'The best place for a typed address, with its precision, and the runners-up; best is null when nothing matches well enough.',
    params: z.object({ address: z.string().min(1).max(200) }).strict(),
    result: z.object({ best: PlaceMatch.nullable(), alternatives: z.array(PlaceMatch) }),
    roles: 'signed_in',
  }),
  // ── base map (issue 11) ──
  'map.base': () => method({
    summary: 'The base map to draw: the configured tile server and its datum, or null for the offline districts.',
    params: NoParams,
    result: MapBaseConfig,
    roles: 'signed_in',
  }),
  'places.nearest': () => method({
    summary: 'The address or landmark of the address base nearest a point (a pin on the intake map), within maxMetres; null when none is that close.',
    params: z
      .object({
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
        maxMetres: z.number().min(1).max(2000).default(100),
      })
      .strict(),
    result: z.object({ place: PlaceMatch.nullable(), metres: z.number().nullable() }),
    roles: 'signed_in',
  }),
  // ── end base map (issue 11) ──
  'command.send': () => method({
    summary: 'Write a platform command to the outbox (sent now, or on reconnect); its result arrives on command.result.',
    params: CommandRequest,
    result: z.object({ id: z.string(), name: z.string(), queuedAt: z.string() }),
    roles: 'signed_in',
  }),
  // ── cameras (issue 11) ──
  'cameras.get': () => method({
    summary: "One camera from the cache: name, place, kind, status and its stream URLs (a video tile plays `sub` in a grid, `main` when large).",
    params: z.object({ id: z.string().min(1).max(200) }).strict(),
    result: z.object({
      id: z.string(),
      name: z.string(),
      district: z.string(),
      road: z.string().nullable(),
      kind: z.string(),
      status: z.enum(['online', 'offline']),
      lat: z.number(),
      lng: z.number(),
      streams: z.object({ main: z.string(), sub: z.string().nullable() }),
    }),
    roles: 'signed_in',
  }),
  // ── chief traffic (issue 12) ──
  'cameras.traffic': () => method({
    summary:
      "The duty chief's traffic video: cameras on the most congested roads by the cached roads' level, worst road first (the slowest within a level), a few per road before one road gives more, online before flapping before offline.",
    params: z.object({ k: z.number().int().min(1).max(25).default(6) }).strict(),
    result: z.array(
      z.object({
        camera: z.string(),
        name: z.string(),
        /** The road's id. */
        road: z.string(),
        roadName: z.string(),
        level: z.enum(['smooth', 'slow', 'congested', 'blocked']),
        speedKmh: z.number().nullable(),
        status: CameraMapStatus,
      }),
    ),
    roles: 'signed_in',
  }),
  // ── end chief traffic (issue 12) ──
  // ── camera directory (issue 12) ──
  'cameras.directory': () => method({
    summary: 'Every camera for the wall\'s directory, sorted district → road → name, with its status (online, offline, flapping).',
    params: NoParams,
    result: z.array(
      z.object({ id: z.string(), name: z.string(), district: z.string(), road: z.string().nullable(), status: CameraMapStatus, kind: z.string() }),
    ),
    roles: 'signed_in',
  }),
  'cameras.search': () => method({
    summary: 'Cameras the typed text means, best first: id prefix, then name or road (Chinese, pinyin initials or full pinyin).',
    params: z.object({ q: z.string().trim().min(1).max(60), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    result: z.array(z.object({ id: z.string() })),
    roles: 'signed_in',
  }),
  // ── end camera directory (issue 12) ──
  // ── offers and waves (issue 11) ──
  'offers.start': () => method({
    summary: '派单 in waves: offer an incident to the nearest available, verified volunteers, widening the radius each wave until one accepts.',
    params: z
      .object({
        incident: z.string().min(1).max(200),
        n: z.number().int().min(1).max(50).optional(),
        radiusM: z.number().int().min(50).max(20_000).optional(),
        expiresInS: z.number().int().min(10).max(3600).optional(),
        maxWaves: z.number().int().min(1).max(10).optional(),
        maxRadiusM: z.number().int().min(50).max(20_000).optional(),
      })
      .strict(),
    result: WaveState,
    roles: ['duty_chief', 'call_taker'],
  }),
  'offers.stop': () => method({
    summary: 'Stop the waves of an incident: no further wave goes (offers already out stay open until they expire).',
    params: z.object({ incident: z.string().min(1).max(200) }).strict(),
    result: WaveState,
    roles: ['duty_chief', 'call_taker'],
  }),
  'offers.list': () => method({
    summary: 'Runs of waves: the running ones and those finished in the last hours, newest first.',
    params: NoParams,
    result: z.array(WaveState),
    roles: 'signed_in',
  }),
  'offers.settings': () => method({
    summary: 'How waves widen: first radius (urban districts, elsewhere), volunteers per wave, expiry, waves, largest radius.',
    params: NoParams,
    result: WaveSettings,
    roles: 'signed_in',
  }),
  'offers.setSettings': () => method({
    summary: 'Change how waves widen (duty chief only); the fields given, checked as a whole.',
    params: WaveSettingsPatch,
    result: WaveSettings,
    roles: ['duty_chief'],
  }),
  // ── end offers and waves (issue 11) ──
  // ── volunteers (issue 11) ──
  'volunteers.board': () => method({
    summary:
      "The points leaderboard (积分): the top volunteers by points, with whether each is on patrol now; `find` (a volunteer's id, or their masked name as shown) adds their rows wherever they rank.",
    params: z
      .object({ limit: z.number().int().min(1).max(100).default(20), find: z.string().trim().min(1).max(40).optional() })
      .strict(),
    result: VolunteerBoard,
    roles: 'signed_in',
  }),
  'volunteers.stats': () => method({
    summary: "Volunteers on patrol now by district; offers' grab rate and median time to accept by district and hour, today or the last 7 days.",
    params: z.object({ days: z.union([z.literal(1), z.literal(7)]).default(1) }).strict(),
    result: VolunteerStats,
    roles: 'signed_in',
  }),
  'volunteers.reports': () => method({
    summary: "Volunteers' photo reports waiting for verification, the longest waiting first, with their photos.",
    params: z.object({ limit: z.number().int().min(1).max(100).default(50) }).strict(),
    result: VolunteerReports,
    roles: 'signed_in',
  }),
  // ── end volunteers (issue 11) ──
  // ── video report (issue 12) ──
  'video.report': () => method({
    summary:
      "From video to an incident: a camera's snapshot (base64 JPEG ≤ 2 MiB) filed as a new incident (source video, the camera's place; the console chooses its id so the photo's attach is queued with it, offline too) or attached to an existing one; optionally dispatched to the camera district's traffic police.",
    params: z
      .object({
        camera: z.string().min(1).max(200),
        // ≤ 2 MiB of bytes is ≤ 2,796,204 base64 characters; the host checks the bytes are a JPEG.
        snapshot: z.string().min(4).max(2_796_204, 'snapshot larger than 2 MiB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
        /** Attach to this incident instead of filing a new one. */
        incident: z.string().min(1).max(200).optional(),
        create: z
          .object({
            category: Category,
            priority: Priority,
            title: z.string().trim().min(1).max(200),
            description: z.string().max(4000).optional(),
          })
          .strict()
          .optional(),
        notifyTrafficPolice: z.boolean().default(false),
      })
      .strict()
      .refine((p) => (p.incident === undefined) !== (p.create === undefined), {
        message: 'give either incident (attach to it) or create (a new incident), not both',
        path: ['incident'],
      }),
    result: z.object({ incident: z.string(), commands: z.array(z.string()) }),
    roles: ['video_patroller', 'duty_chief'],
  }),
  // ── end video report (issue 12) ──
  // ── wall (issue 12) ──
  'wall.get': () => method({
    summary: "The signed-in operator's wall: layout, a camera per tile, the maximised tile, the view last applied, the tour running.",
    params: NoParams,
    result: WallState,
    roles: WALL_ROLES,
  }),
  'wall.set': () => method({
    summary: 'Change the layout, the tiles or the maximised tile; a layout change alone keeps the first tiles that still fit.',
    params: z
      .object({
        layout: WallLayoutName.optional(),
        tiles: z.array(WallCameraId.nullable()).max(25).optional(),
        maximised: WallTile.nullable().optional(),
      })
      .strict(),
    result: WallState,
    roles: WALL_ROLES,
  }),
  'wall.place': () => method({
    summary: 'Put a camera in a tile; with no tile, in the first empty one, else in the last tile.',
    params: z.object({ camera: WallCameraId, tile: WallTile.optional() }).strict(),
    result: WallState,
    roles: WALL_ROLES,
  }),
  'wall.placeMany': () => method({
    summary: 'Put cameras in the tiles from tile 0 on (those beyond the last tile are left out); the other tiles keep theirs.',
    params: z.object({ cameras: z.array(WallCameraId).min(1).max(25) }).strict(),
    result: WallState,
    roles: WALL_ROLES,
  }),
  'wall.views.list': () => method({
    summary: "The operator's saved views, by name.",
    params: NoParams,
    result: z.array(SavedView),
    roles: WALL_ROLES,
  }),
  'wall.views.save': () => method({
    summary: "Save the wall's layout and tiles as a named view (replacing one of that name); returns the views.",
    params: z.object({ name: WallName }).strict(),
    result: z.array(SavedView),
    roles: WALL_ROLES,
  }),
  'wall.views.apply': () => method({
    summary: 'Show a saved view on the wall (a tour over the wall stops: the view is what the operator chose).',
    params: z.object({ name: WallName }).strict(),
    result: WallState,
    roles: WALL_ROLES,
  }),
  'wall.views.delete': () => method({
    summary: 'Delete a saved view; returns the views.',
    params: z.object({ name: WallName }).strict(),
    result: z.array(SavedView),
    roles: WALL_ROLES,
  }),
  'wall.tours.list': () => method({
    summary: "The operator's tours (camera sequences with a dwell time), by name.",
    params: NoParams,
    result: z.array(TourDef),
    roles: WALL_ROLES,
  }),
  'wall.tours.save': () => method({
    summary: 'Save a tour (replacing one of that name; a running one goes on with the new cameras); returns the tours.',
    params: TourDef,
    result: z.array(TourDef),
    roles: WALL_ROLES,
  }),
  'wall.tours.delete': () => method({
    summary: 'Delete a tour (stopping it if it runs); returns the tours.',
    params: z.object({ name: WallName }).strict(),
    result: z.array(TourDef),
    roles: WALL_ROLES,
  }),
  'wall.tours.start': () => method({
    summary: 'Run a tour in one tile (scope tile, with its tile) or over the whole wall, a page of as many cameras as tiles at a time.',
    params: z.object({ name: WallName, scope: z.enum(['tile', 'wall']), tile: WallTile.optional() }).strict(),
    result: WallState,
    roles: WALL_ROLES,
  }),
  'wall.tours.pause': () => method({ summary: 'Pause the running tour.', params: NoParams, result: WallState, roles: WALL_ROLES }),
  'wall.tours.resume': () => method({
    summary: 'Resume the paused tour (its next step a full dwell from now).',
    params: NoParams,
    result: WallState,
    roles: WALL_ROLES,
  }),
  'wall.tours.stop': () => method({ summary: 'Stop the tour; the tiles keep what they show.', params: NoParams, result: WallState, roles: WALL_ROLES }),
  'cameras.favourites': () => method({
    summary: "The operator's favourite cameras, in the order marked.",
    params: NoParams,
    result: z.array(z.string()),
    roles: WALL_ROLES,
  }),
  'cameras.favourites.set': () => method({
    summary: 'Mark a camera a favourite or not; returns the favourites.',
    params: z.object({ camera: WallCameraId, on: z.boolean() }).strict(),
    result: z.array(z.string()),
    roles: WALL_ROLES,
  }),
  'cameras.groups': () => method({
    summary: "The operator's named camera groups, by name.",
    params: NoParams,
    result: z.array(CameraGroup),
    roles: WALL_ROLES,
  }),
  'cameras.groups.save': () => method({
    summary: 'Save a named group of cameras (replacing one of that name); returns the groups.',
    params: z.object({ name: WallName, cameras: z.array(WallCameraId).min(1).max(WALL_LIST_MAX) }).strict(),
    result: z.array(CameraGroup),
    roles: WALL_ROLES,
  }),
  'cameras.groups.delete': () => method({
    summary: 'Delete a camera group; returns the groups.',
    params: z.object({ name: WallName }).strict(),
    result: z.array(CameraGroup),
    roles: WALL_ROLES,
  }),
  // ── end wall (issue 12) ──
  // ── early warning (issue 14) ──
  'warnings.list': () => method({
    summary: 'The early warnings as computed last (open first, then handled in the last 24 hours); every role reads them.',
    params: NoParams,
    result: WarningsState,
    roles: 'signed_in',
  }),
  'warnings.acknowledge': () => method({
    summary: "Acknowledge a warning (duty chief only), with an optional note: audited, and shared as a marked incident.note on each of its incidents.",
    params: z.object({ key: z.string().min(1).max(300), note: z.string().max(500).optional() }).strict(),
    result: Warning,
    roles: ['duty_chief'],
  }),
  'warnings.dismiss': () => method({
    summary: 'Dismiss a warning (duty chief only) with a reason: audited, and shared as a marked incident.note on each of its incidents.',
    params: z.object({ key: z.string().min(1).max(300), reason: z.string().trim().min(1).max(500) }).strict(),
    result: Warning,
    roles: ['duty_chief'],
  }),
  'warnings.settings': () => method({
    summary: 'The warning thresholds and the false-alarm rates they promise.',
    params: NoParams,
    result: WarningSettingsView,
    roles: 'signed_in',
  }),
  'warnings.setSettings': () => method({
    summary: 'Change the warning thresholds (duty chief only); the fields given, checked as a whole. Warnings are recomputed.',
    params: WarningSettingsPatch,
    result: WarningSettingsView,
    roles: ['duty_chief'],
  }),
  // ── end early warning (issue 14) ──
  // ── workspaces and the shared selection (issue 13) ──
  'workspace.open': () => method({
    summary:
      "Called by whoever owns the windows (Electron's main process; the browser shell's console window) at sign-in and when the displays change: the operator's workspace saved for this role and display set, checked, or the role's default (with the reason when a saved one was unusable). It becomes the live workspace.",
    params: z.object({ displays: Displays }).strict(),
    result: WorkspaceOpened,
    roles: 'signed_in',
  }),
  'workspace.live': () => method({
    summary: 'The live workspace, or null before `workspace.open`.',
    params: NoParams,
    result: LiveWorkspace.nullable(),
    roles: 'signed_in',
  }),
  'workspace.save': () => method({
    summary:
      "The windows' places as the window owner reads them now (moved, resized, maximised, placed again after a display change): saved for the operator, role and display set, and made live. Refused for another operator or role.",
    params: z.object({ workspace: Workspace }).strict(),
    result: LiveWorkspace,
    roles: 'signed_in',
  }),
  'workspace.reset': () => method({
    summary: "Forget the workspace saved for this display set: the role's default becomes live (and is what the next start restores).",
    params: z.object({ displays: Displays }).strict(),
    result: WorkspaceOpened,
    roles: 'signed_in',
  }),
  'workspace.popOut': () => method({
    summary: 'Open a panel (or an arrangement of panels) in a window of its own: added to the live workspace and saved; the window owner opens it.',
    params: z.object({ content: WorkspaceWindow.shape.content }).strict(),
    result: z.object({ window: WorkspaceWindow, live: LiveWorkspace }),
    roles: 'signed_in',
  }),
  'workspace.dock': () => method({
    summary: "Dock a window's panel back into the console: the window leaves the live workspace and is closed by the window owner. The console window cannot be docked.",
    params: z.object({ window: WindowId }).strict(),
    result: LiveWorkspace,
    roles: 'signed_in',
  }),
  'workspace.setWindow': () => method({
    summary: 'Pin a window (it ignores the shared selection) or unpin it; put it in wall mode (no chrome, for a big screen) or out of it. Saved.',
    params: z
      .object({ window: WindowId, pinned: z.boolean().optional(), wallMode: z.boolean().optional() })
      .strict()
      .refine((p) => p.pinned !== undefined || p.wallMode !== undefined, { message: 'give pinned or wallMode', path: ['pinned'] }),
    result: LiveWorkspace,
    roles: 'signed_in',
  }),
  'selection.get': () => method({ summary: "The operator's shared selection.", params: NoParams, result: Selection, roles: 'signed_in' }),
  'selection.set': () => method({
    summary: 'Select an incident (or nothing) for all the operator\'s windows; `window` is the one it was selected in.',
    params: z.object({ incident: z.string().min(1).max(200).nullable(), window: WindowId }).strict(),
    result: Selection,
    roles: 'signed_in',
  }),
  // ── end workspaces (issue 13) ──
  'diag.echo': () => method({
    summary: 'Echo a short text back through a topic; proves the live round trip.',
    params: z.object({ text: z.string().min(1).max(200) }).strict(),
    result: z.object({ delivered: z.number().int() }),
    roles: 'any',
  }),
});

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

/**
 * `latest`: only the newest payload matters (a state); pushes are coalesced by
 * replacing. `batch`: payloads are arrays of items, coalesced by concatenation.
 * `slots`: packed positions (PackedPositions), coalesced to the latest of each
 * slot (host/map/packed-positions.ts).
 */
type Coalesce = 'latest' | 'batch' | 'slots';

interface TopicSpec<T extends z.ZodType> {
  payload: T;
  coalesce: Coalesce;
  roles: RoleRule;
  /** Pushed the moment it is published, not held for the window's next coalesced flush (~100 ms). */
  urgent?: true;
}

function topic<T extends z.ZodType>(spec: TopicSpec<T>): TopicSpec<T> {
  return spec;
}

export const topics = {
  'link.status': topic({ payload: LinkStatus, coalesce: 'latest', roles: 'any' }),
  'session.info': topic({ payload: SessionInfo, coalesce: 'latest', roles: 'any' }),
  /** New priority-1 incidents, pushed at once from the link's applied changes (and the alarm's own health). */
  'incidents.alarm': topic({ payload: z.array(AlarmEvent), coalesce: 'batch', roles: 'signed_in', urgent: true }),
  /** Ids of cached entities that changed, per kind (windows re-query what they show). */
  'entities.changed': topic({ payload: z.array(EntitiesChanged), coalesce: 'batch', roles: 'signed_in' }),
  // ── map (issue 11) ──
  /** Live volunteer positions, the latest per slot, packed (at most ~10 a second); re-fetch `map.positions` on a new `book`. */
  'positions.packed': topic({ payload: PackedPositions, coalesce: 'slots', roles: 'signed_in' }),
  // ── end map (issue 11) ──
  /** Platform notices and operator-visible warnings (quarantined items, rebuilt cache). */
  'link.notice': topic({ payload: z.array(LinkNotice), coalesce: 'batch', roles: 'any' }),
  /** Outcomes of this console's commands; failures are shown to whoever made them. */
  'command.result': topic({ payload: z.array(CommandOutcome), coalesce: 'batch', roles: 'signed_in' }),
  /** 派单 waves, every run the list holds, on each change (issue 11). */
  'offers.waves': topic({ payload: z.array(WaveState), coalesce: 'latest', roles: 'signed_in' }),
  // ── wall (issue 12) ──
  /** The signed-in operator's wall on every change (layout, tiles, tour steps). */
  'wall.state': topic({ payload: WallState, coalesce: 'latest', roles: 'signed_in' }),
  /** The signed-in operator's favourites, groups, views and tours, whole, after any change to them. */
  'wall.collections': topic({ payload: WallCollections, coalesce: 'latest', roles: 'signed_in' }),
  // ── end wall (issue 12) ──
  /** The early warnings on every recomputation that changed them (issue 14). */
  'warnings': topic({ payload: WarningsState, coalesce: 'latest', roles: 'signed_in' }),
  // ── workspaces (issue 13) ──
  /** The live workspace on every change (a window popped out, docked, pinned, in wall mode, moved). */
  'workspace': topic({ payload: LiveWorkspace, coalesce: 'latest', roles: 'signed_in' }),
  /** The operator's shared selection: pushed at once, every window not pinned follows it (p95 < 150 ms). */
  'selection': topic({ payload: Selection, coalesce: 'latest', roles: 'signed_in', urgent: true }),
  // ── end workspaces (issue 13) ──
  'diag.echo': topic({ payload: z.array(z.object({ text: z.string(), at: z.string() })), coalesce: 'batch', roles: 'any' }),
} as const;

export type Topics = typeof topics;
export type TopicName = keyof Topics;
export type TopicPayload<T extends TopicName> = z.output<Topics[T]['payload']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
export function isTopicName(name: string): name is TopicName {
  return Object.hasOwn(topics, name);
}

/** Whether a caller with `role` (null when signed out) passes a rule. */
export function roleAllows(rule: RoleRule, role: Role | null): boolean {
  if (rule === 'any') return true;
  if (role === null) return false;
  if (rule === 'signed_in') return true;
  return rule.includes(role);
}
