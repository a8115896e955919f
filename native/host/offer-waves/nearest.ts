import type { WaveRunnerDeps } from './wave-runner.ts';

/** What the runner reads of a `volunteers.nearest` answer. */
export interface NearestRow {
  id: string;
  metres: number;
  verified?: boolean;
}

/** `volunteers.nearest`'s params as the waves ask them. */
export interface NearestAsk {
  lat: number;
  lng: number;
  k: number;
  radiusM: number;
  availableOnly: true;
  verifiedOnly: true;
  exclude: string[];
}

/**
 * A wave's search, through the host's own `volunteers.nearest` (the one the
 * detail and the map list from), so a wave offers exactly whom the operator
 * would see listed: available, verified, within the radius, none offered
 * before. The answer is checked against the same limits again here: the
 * runner's promise "never re-offers a volunteer" does not rest on another
 * module's filter alone.
 */
export function nearestThroughMethod(ask: (params: NearestAsk) => readonly NearestRow[]): WaveRunnerDeps['nearest'] {
  return ({ lat, lng, k, radiusM, exclude }) => {
    const excluded = new Set(exclude);
    // The method lists at most 50 and takes at most 500 to leave out.
    const found = ask({
      lat,
      lng,
      k: Math.min(50, k),
      radiusM,
      availableOnly: true,
      verifiedOnly: true,
      exclude: [...excluded].slice(0, 500),
    });
    return found
      .filter((v) => v.metres <= radiusM && !excluded.has(v.id) && v.verified !== false)
      .slice(0, k)
      .map((v) => v.id);
  };
}
