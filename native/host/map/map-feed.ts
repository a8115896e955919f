import type { EntityKind } from '../../protocol/kinds.ts';
import type { Db } from '../../store/open.ts';
import { cameraStatuses } from '../../store/queries/map.ts';
import type { CameraFlapping } from './camera-flapping.ts';
import type { LivePositions } from './live-positions.ts';

type Changed = ReadonlyMap<EntityKind, { upserted: readonly string[]; deleted: readonly string[] }>;

/**
 * What the map's host side learns from each change the link applied:
 * camera statuses for the flapping watch, volunteers whose `verified` may
 * have changed, incident events that may open or close offers. After a
 * snapshot everything may have changed.
 */
export function followAppliedForMap(db: Db, live: LivePositions, flapping: CameraFlapping, changed: Changed | 'snapshot'): void {
  if (changed === 'snapshot') {
    for (const { id, status } of cameraStatuses(db, 'all')) flapping.observe(id, status);
    live.volunteersChanged('all');
    live.offersChanged();
    return;
  }
  const cameras = changed.get('camera');
  if (cameras) {
    for (const id of cameras.deleted) flapping.forget(id);
    for (const { id, status } of cameraStatuses(db, cameras.upserted)) flapping.observe(id, status);
  }
  const volunteers = changed.get('volunteer');
  if (volunteers) live.volunteersChanged([...volunteers.upserted, ...volunteers.deleted]);
  if (changed.has('incident_event')) live.offersChanged();
}
