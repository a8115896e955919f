import { ApiError, type NearbyVolunteer } from '../../api/index.ts';
import { nearestVolunteers } from '../../geo/nearest.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { mapCameras, mapIncidents, mapRoads, mapStations, nearestCameras } from '../../store/queries/map.ts';
import { volunteerProfile } from '../../store/queries/volunteer-profile.ts';
import { volunteerNames } from '../../store/queries/volunteers.ts';
import type { Handler } from '../console-host.ts';
import type { CameraFlapping } from './camera-flapping.ts';
import type { LivePositions } from './live-positions.ts';

/** The city map's layers and the nearest search (issue 11): the cache and the live positions answer. */
export function mapHandlers(deps: { data: DataDir; live: LivePositions; flapping: CameraFlapping; now: () => number }) {
  const { data, live, flapping, now } = deps;
  const db = () => data.cache.db;
  const handlers: {
    'map.incidents': Handler<'map.incidents'>;
    'map.cameras': Handler<'map.cameras'>;
    'map.roads': Handler<'map.roads'>;
    'map.stations': Handler<'map.stations'>;
    'map.positions': Handler<'map.positions'>;
    'volunteers.nearest': Handler<'volunteers.nearest'>;
    'volunteers.track': Handler<'volunteers.track'>;
    'volunteers.profile': Handler<'volunteers.profile'>;
    'cameras.nearest': Handler<'cameras.nearest'>;
  } = {
    'map.incidents': ({ filter, closedWithinHours }) => ({
      items: mapIncidents(db(), { filter, endedWithinHours: closedWithinHours, now: now() }),
    }),

    'map.cameras': () => ({ items: mapCameras(db()).map((c) => ({ ...c, status: flapping.statusOf(c.id, c.status) })) }),

    'map.roads': () => ({ items: mapRoads(db()) }),

    'map.stations': () => ({ items: mapStations(db()) }),

    'map.positions': () => live.all(),

    'volunteers.nearest': ({ lat, lng, k, radiusM, availableOnly, verifiedOnly, exclude }) => {
      const book = live.book;
      const found = nearestVolunteers(book, { lat, lng }, k, {
        availableOnly,
        verifiedOnly,
        ...(radiusM === undefined ? {} : { radiusM }),
        ...(exclude?.length ? { exclude: new Set(exclude) } : {}),
      });
      const names = volunteerNames(
        db(),
        found.map((v) => v.id),
      );
      const at = now();
      return found.map(({ slot, id, metres }): NearbyVolunteer => ({
        id,
        name: names.get(id) ?? null,
        metres: Math.round(metres),
        lat: book.lat[slot]!,
        lng: book.lng[slot]!,
        state: live.stateName(slot),
        verified: book.verified[slot] === 1,
        lastSeenS: Math.max(0, Math.round((at - book.ts[slot]!) / 1000)),
      }));
    },

    // The window ends at the newest position the console holds (the platform's clock), not at this console's now.
    'volunteers.track': ({ id, minutes }) => live.book.track(id, live.book.newest - minutes * 60_000),

    'volunteers.profile': ({ id }) => {
      const record = volunteerProfile(db(), id);
      if (record === null) throw new ApiError('not_found', `no volunteer ${id} in the cache`);
      const slot = live.book.slotOf(id);
      return {
        ...record,
        state: slot === undefined ? null : live.stateName(slot),
        lastSeenS: slot === undefined ? null : Math.max(0, Math.round((now() - live.book.ts[slot]!) / 1000)),
      };
    },

    'cameras.nearest': ({ lat, lng, k, onlineOnly }) =>
      nearestCameras(db(), { lat, lng, k, onlineOnly }).map((c) => ({
        id: c.id,
        name: c.name,
        metres: Math.round(c.metres),
        status: flapping.statusOf(c.id, c.status),
        lat: c.lat,
        lng: c.lng,
      })),
  };
  return handlers;
}
