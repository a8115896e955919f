import type { z } from 'zod';
import { ENTITY_SCHEMAS, type EntityKind } from './entities.ts';
import { ChangeItem, ChangeSeq, Changes, Position, Positions, SnapshotItem } from './frames.ts';

/**
 * The schemas the link checks thousands of times a second, by the name of
 * their check compiled at build time (fast-check.ts). A schema added here
 * needs `npm run gen:checks`; a test says so until it is run.
 */
export const CHECKED_SCHEMAS = {
  changesFrame: Changes,
  snapshotItem: SnapshotItem,
  changeItem: ChangeItem,
  changeSeq: ChangeSeq,
  // Live positions: a frame a second with up to thousands of volunteers (zod's parse was half a CPU-second of a start).
  positionsFrame: Positions,
  position: Position,
  entity_incident: ENTITY_SCHEMAS.incident,
  entity_incident_event: ENTITY_SCHEMAS.incident_event,
  entity_call: ENTITY_SCHEMAS.call,
  entity_camera: ENTITY_SCHEMAS.camera,
  entity_department: ENTITY_SCHEMAS.department,
  entity_volunteer: ENTITY_SCHEMAS.volunteer,
  entity_road: ENTITY_SCHEMAS.road,
  entity_place: ENTITY_SCHEMAS.place,
} as const satisfies Record<string, z.ZodType> & Record<`entity_${EntityKind}`, z.ZodType>;
