import { ApiError } from '../../api/index.ts';

/** Refuses a list naming a camera the cache does not hold, naming the first few such ids; empty tiles (null) pass. */
export function refuseUnknownCameras(ids: readonly (string | null)[], knownCameras: (ids: readonly string[]) => Set<string>): void {
  const wanted = ids.filter((id): id is string => id !== null);
  const known = knownCameras(wanted);
  const unknown = [...new Set(wanted.filter((id) => !known.has(id)))];
  if (unknown.length === 0) return;
  const named = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
  throw new ApiError('invalid_params', `no camera ${named} in the cache`);
}
