import { named, type Words } from './words.ts';

/**
 * The console's closed vocabularies (spec §8 and the console API) and where
 * each one's names live in the messages: one list per concept. An unknown
 * word (a newer platform's) is shown made readable, never as its code.
 */
const LISTS = {
  status: 'incident.status',
  level: 'boardArea.level',
  source: 'boardArea.source',
  /** The board row's short form of a source. */
  sourceShort: 'boardArea.sourceShort',
  district: 'districts',
  eventKind: 'boardArea.detail.eventKind',
  departmentKind: 'boardArea.detail.deptKind',
  volunteerState: 'boardArea.detail.volunteerState',
  attachmentKind: 'boardArea.detail.attachmentKind',
  role: 'roles',
  /** Error codes of the console API and of the platform's command results. */
  error: 'errors',
  /** Why the platform link last failed. */
  linkError: 'names.linkError',
} as const;

export type Term = keyof typeof LISTS;

/** The name of `code` in vocabulary `term`. */
export function termName(words: Words, term: Term, code: string): string {
  return named(words, LISTS[term], code);
}

/** A district by its administrative code; an incident without one says so. */
export function districtName(words: Words, code: string | null | undefined): string {
  return code ? termName(words, 'district', code) : words.t('incident.noDistrict');
}
