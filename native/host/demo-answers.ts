import type { VolunteerAnswers } from '../simulator/city/volunteers.ts';

/**
 * How the embedded demo's volunteers answer offers, for end-to-end tests
 * only (like EGRET_CLOCK_START): `EGRET_DEMO_ACCEPT` (0–1, the chance a free
 * volunteer takes an offer, whatever the distance) and
 * `EGRET_DEMO_TASK_SCALE` (above 0, at most 1: how much of the usual time
 * the way there and the help take). Unset: the city's own habits. Never set
 * them on a console in use.
 */
export const DEMO_ACCEPT_ENV = 'EGRET_DEMO_ACCEPT';
export const DEMO_TASK_SCALE_ENV = 'EGRET_DEMO_TASK_SCALE';

/** The answers an environment asks for; undefined when it asks for none. Throws with the variable's name on a bad value. */
export function volunteerAnswersFromEnv(env: Readonly<Record<string, string | undefined>>): VolunteerAnswers | undefined {
  const answers: VolunteerAnswers = {};
  const accept = env[DEMO_ACCEPT_ENV];
  if (accept !== undefined && accept !== '') {
    const chance = Number(accept);
    if (!(chance >= 0 && chance <= 1))
      throw new Error(`${DEMO_ACCEPT_ENV} must be a number from 0 to 1 (tests only), got ${JSON.stringify(accept)}`);
    answers.acceptChance = chance;
  }
  const scale = env[DEMO_TASK_SCALE_ENV];
  if (scale !== undefined && scale !== '') {
    const factor = Number(scale);
    if (!(factor > 0 && factor <= 1))
      throw new Error(`${DEMO_TASK_SCALE_ENV} must be above 0 and at most 1 (tests only), got ${JSON.stringify(scale)}`);
    answers.taskScale = factor;
  }
  return Object.keys(answers).length ? answers : undefined;
}
