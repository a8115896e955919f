import type { Handler } from '../console-host.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { nearestPlace, placeCandidates, recentAddresses } from '../../store/queries/places.ts';
import { geocode, placeMatch, suggest } from '../../geo/geocode.ts';

/** Candidates fetched per lookup: enough to hold the right place, few enough to rank in well under a millisecond. */
const CANDIDATES = 40;
const ALTERNATIVES = 5;

/**
 * The address field's suggestions and the geocoding of a typed address on
 * submit: candidates from the cache's address base (and recent incidents),
 * ranked by geo/geocode.ts.
 */
export function placeHandlers(data: DataDir, now: () => number = Date.now) {
  const handlers: {
    'places.suggest': Handler<'places.suggest'>;
    'places.geocode': Handler<'places.geocode'>;
    'places.nearest': Handler<'places.nearest'>;
  } = {
    'places.suggest': ({ text, limit }) => {
      const db = data.cache.db;
      const places = placeCandidates(db, text, { limit: CANDIDATES, fuzzy: false });
      const recent = recentAddresses(db, text, now(), limit * 4);
      return { items: suggest(text, places, recent, limit) };
    },
    'places.geocode': ({ address }) => geocode(address, placeCandidates(data.cache.db, address, { limit: CANDIDATES, fuzzy: true }), ALTERNATIVES),
    // A pin dropped on the intake's map snaps to this (LocationPicker.vue).
    'places.nearest': ({ lat, lng, maxMetres }) => {
      const found = nearestPlace(data.cache.db, lat, lng, maxMetres);
      return found ? { place: placeMatch(found.place), metres: found.metres } : { place: null, metres: null };
    },
  };
  return handlers;
}
