import { DISTRICT_CODES } from '../api/rules.ts';
import { UsageError } from './usage.ts';

/**
 * The demo city's archive and scenario options as `serve` and `start` take
 * them (`--demo-archive-days`, `--demo-scenario`) and `simulate` too. Kept
 * apart from the simulator: `serve` and `start` give out their URL before
 * they load the demo city (tests/integration/cli-bundle.test.ts), so here a
 * scenario's form is checked; the demo checks the rest (that a family is
 * filed by some line) when it plants it, and refuses to start otherwise.
 */

export const ARCHIVE_DAYS_HELP =
  "days of archive behind the demo city's day (calls and closed incidents, the early warnings' baseline), delivered after the day's history; 0 none (default 28)";
export const SCENARIO_HELP =
  "plant a scenario (repeatable): normal (nothing), cluster[:<family>][@HH:MM] (4 incidents of the family, default criminal.theft, within 500 m in 6 h, the 4th at HH:MM), surge:<district>[:<line>][@HH:MM] (the district's calls doubled for an hour from HH:MM); without @HH:MM a minute after the start";

/** --archive-days / --demo-archive-days: a whole number of days, 0 or more. */
export function parseArchiveDays(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 366)
    throw new UsageError(`the archive days must be a whole number from 0 to 366, got "${value}"`);
  return n;
}

const SCENARIO_FORM = /^(normal|cluster(:[a-z_]+(\.[a-z_]+)*)?(@\d{1,2}:\d{2})?|surge:(\d{6})(:(110|119|122|12345))?(@\d{1,2}:\d{2})?)$/;

/** A scenario switch's problem of form (null when well formed): what `serve`/`start` can say before loading the demo. */
export function scenarioFormProblem(value: string): string | null {
  const text = value.trim();
  const m = SCENARIO_FORM.exec(text);
  if (!m) return `scenario ${JSON.stringify(value)}: normal, cluster[:<family>][@HH:MM] or surge:<district>[:<line>][@HH:MM]`;
  const time = /@(\d{1,2}):(\d{2})$/.exec(text);
  if (time && (Number(time[1]) > 23 || Number(time[2]) > 59)) return `scenario ${JSON.stringify(value)}: the time is HH:MM`;
  const district = m[5];
  if (district !== undefined && !(DISTRICT_CODES as readonly string[]).includes(district))
    return `scenario: no district ${JSON.stringify(district)} (${DISTRICT_CODES.join(', ')})`;
  return null;
}

/** --demo-scenario, repeatable: its form checked now. */
export function collectScenarioForm(value: string, previous: string[]): string[] {
  const problem = scenarioFormProblem(value);
  if (problem) throw new UsageError(problem);
  return [...previous, value];
}
