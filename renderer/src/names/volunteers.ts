import type { Words } from './words.ts';

/** A volunteer as shown: their (masked) name, or for an id the cache cannot name, "unknown volunteer" with the id in the tooltip. */
export function volunteerLabel(words: Words, name: string | null, id: string): { text: string; title: string | undefined } {
  return name !== null ? { text: name, title: undefined } : { text: words.t('names.unknown.volunteer'), title: id };
}

/**
 * Names come from the cache through `useVolunteerNames` (components/detail/volunteer-names.ts:
 * `want(ids)` asks `volunteers.names` once per id, `nameOf(id)` answers), shared with the offer status.
 */
export { useVolunteerNames } from '../components/detail/volunteer-names.ts';
