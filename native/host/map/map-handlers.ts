import type { NearbyVolunteer } from '../../api/index.ts';
import { nearestVolunteers } from '../../geo/nearest.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { mapCameras, mapIncidents, mapRoads, mapStations } from '../../store/queries/map.ts';
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
  } = {
    'map.incidents': ({ filter, closedWithinHours }) => ({ items: mapIncidents(db(), { filter, endedWithinHours: closedWithinHours, now: now() }) }),

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
      const names = volunteerNames(db(), found.map((v) => v.id));
      const at = now();
      return found.map(
        ({ slot, id, metres }): NearbyVolunteer => ({
          id,
          name: names.get(id) ?? null,
          metres: Math.round(metres),
          lat: book.lat[slot]!,
          lng: book.lng[slot]!,
          state: live.stateName(slot),
          verified: book.verified[slot] === 1,
          lastSeenS: Math.max(0, Math.round((at - book.ts[slot]!) / 1000)),
        }),
      );
    },
  };
  return handlers;
}
