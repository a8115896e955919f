/**
 * How many minutes of each volunteer's track the host keeps: the runtime's
 * option, else $EGRET_TRACK_MINUTES (tests and benchmarks only: bench:map's
 * memory run sets 2 so tracks reach their bound within the run), else 30
 * (issue 11: a volunteer's last 30 minutes). A bad value stops the start
 * with a clear error rather than keeping tracks for ever or not at all.
 */
export function trackMinutesOf(option: number | undefined, env: Readonly<Record<string, string | undefined>>): number {
  const given =
    option ?? (env.EGRET_TRACK_MINUTES === undefined || env.EGRET_TRACK_MINUTES.trim() === '' ? 30 : Number(env.EGRET_TRACK_MINUTES));
  if (!(given > 0 && given <= 24 * 60)) {
    throw new Error(
      `the volunteer track window must be above 0 and at most 1440 minutes (EGRET_TRACK_MINUTES), got ${option ?? env.EGRET_TRACK_MINUTES}`,
    );
  }
  return given;
}
