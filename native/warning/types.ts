import type { Warning } from '../api/contract.ts';

/** The call lines a surge is counted per (null in a finding: all four together). */
export type Line = '110' | '119' | '122' | '12345';

/**
 * What the detector reads: the cache's last weeks, columnar enough to scan.
 * Built by the host from SQL, or from entities by `inputsFromEntities` (tests).
 */
export interface WarningInputs {
  /** Epoch ms: the end of every window scanned. */
  now: number;
  /** The platform's zone (welcome.tz): hours and weekdays are local. */
  tz: string;
  /** Reported within the last HISTORY_DAYS, any status. */
  incidents: IncidentRecord[];
  /** Received within the same span — or only those in the surge test's spans (`surgeSpans`), with `earliestCallAt` given. */
  calls: CallRecord[];
  /** When the calls given are not all of the span: the earliest call received within it (how many baseline weeks there are). */
  earliestCallAt?: number;
  /** resolved → dispatched transitions within the span. */
  reopened: { incident: string; at: number }[];
}

export interface IncidentRecord {
  id: string;
  category: string;
  reportedAt: number;
  lat: number | null;
  lng: number | null;
  district: string | null;
  street: string | null;
  address: string | null;
  /** rules.ts phoneKey of the caller's phone; a masked number (with `*`) is not a key and is ignored. */
  callerKey: string | null;
  status: string;
  dueAt: number | null;
  departments: string[];
}

export interface CallRecord {
  id: string;
  line: Line;
  receivedAt: number;
  district: string | null;
  incident: string | null;
}

/** A warning as the method finds it; the host adds its key (assignKeys), status, times and handling. */
export type Finding = Omit<Warning, 'key' | 'status' | 'raisedAt' | 'updatedAt' | 'handling'>;

/** A finding's fields nobody set, for the kinds that leave them empty. */
export const EMPTY_FINDING: Omit<Finding, 'kind' | 'since' | 'lastAt' | 'observed' | 'expected' | 'baseline' | 'incidents'> = {
  family: null,
  district: null,
  street: null,
  line: null,
  department: null,
  address: null,
  caller: null,
  pValue: null,
  recurrenceDays: null,
  area: null,
  outline: [],
};

/** A uniform draw in [0, 1). Injected so tests and the host's reruns are reproducible. */
export type { Random } from '../common/random.ts';
