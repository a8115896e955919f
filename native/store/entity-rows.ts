import { phoneKey } from '../api/rules.ts';
import type { Entity, EntityKind } from '../protocol/entities.ts';
import { cameraText } from './camera-text.ts';
import { placeText } from './place-text.ts';

/**
 * How each entity kind maps onto its table's typed columns (migration 0001; `place` 0009; the camera's text 0012).
 * `data` always holds the raw JSON exactly as applied; the columns are what
 * the console filters and sorts on.
 */

const ms = (t: string | null | undefined): number | null => (t ? Date.parse(t) : null);
const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

export type Row = (string | number | null)[];


interface TableShape<K extends EntityKind> {
  columns: readonly string[];
  row(e: Entity<K>): Row;
}

const incident: TableShape<'incident'> = {
  columns: [
    'id', 'rev', 'source', 'category', 'priority', 'status', 'level', 'district', 'street', 'community', 'title', 'description',
    'address', 'lat', 'lng', 'call', 'merged_into', 'caller_phone', 'reported_ms', 'updated_ms', 'due_ms',
  ],
  row: (e) => [
    e.id, e.rev, e.source, e.category, e.priority, e.status, e.level, orNull(e.district), orNull(e.street), orNull(e.community),
    e.title, orNull(e.description), orNull(e.address), orNull(e.lat), orNull(e.lng), orNull(e.call), orNull(e.merged_into),
    phoneKey(e.caller?.phone), ms(e.reported_at), ms(e.updated_at), ms(e.due_at),
  ],
};

const incident_event: TableShape<'incident_event'> = {
  columns: ['id', 'rev', 'incident', 'at_ms', 'kind', 'actor'],
  row: (e) => [e.id, e.rev, e.incident, ms(e.at), e.kind, e.actor],
};

const call: TableShape<'call'> = {
  // `district` (v1.1, migration 0014): where the platform located the caller; call surges are counted by it.
  columns: ['id', 'rev', 'line', 'received_ms', 'answered_ms', 'ended_ms', 'incident', 'caller_phone', 'district'],
  row: (e) => [
    e.id, e.rev, e.line, ms(e.received_at), ms(e.answered_at), ms(e.ended_at), orNull(e.incident), phoneKey(e.caller_phone), orNull(e.district),
  ],
};

/** A camera carries what the directory finds it by (camera-text.ts, migration 0012); its pinyin is built later (NULL until then). */
const camera: TableShape<'camera'> = {
  columns: ['id', 'rev', 'name', 'district', 'road', 'lat', 'lng', 'kind', 'status', 'names', 'pinyin', 'area'],
  row: (e) => {
    const text = cameraText(e);
    return [e.id, e.rev, e.name, e.district, orNull(e.road), e.lat, e.lng, e.kind, e.status, text.names, null, text.area];
  },
};

const department: TableShape<'department'> = {
  columns: ['id', 'rev', 'name', 'kind', 'level', 'district', 'parent'],
  row: (e) => [e.id, e.rev, e.name, e.kind, e.level, orNull(e.district), orNull(e.parent)],
};

const volunteer: TableShape<'volunteer'> = {
  columns: ['id', 'rev', 'name', 'team', 'district', 'points', 'verified'],
  row: (e) => [e.id, e.rev, e.name, orNull(e.team), orNull(e.district), e.points, e.verified ? 1 : 0],
};

const road: TableShape<'road'> = {
  columns: ['id', 'rev', 'name', 'district', 'level', 'speed_kmh', 'updated_ms'],
  row: (e) => [e.id, e.rev, e.name, e.district, e.level, orNull(e.speed_kmh), ms(e.updated_at)],
};

/** A place also carries what it is searched by (place-text.ts, migration 0009); its pinyin is built later (NULL until then). */
const place: TableShape<'place'> = {
  columns: ['id', 'rev', 'name', 'kind', 'district', 'street', 'community', 'lat', 'lng', 'names', 'pinyin', 'area'],
  row: (e) => {
    const text = placeText(e);
    return [e.id, e.rev, e.name, e.kind, e.district, orNull(e.street), orNull(e.community), e.lat, e.lng, text.names, null, text.area];
  },
};

export const TABLES: { [K in EntityKind]: TableShape<K> } = { incident, incident_event, call, camera, department, volunteer, road, place };

/** The row for an entity: its typed columns, then the raw JSON. */
export function rowOf<K extends EntityKind>(kind: K, entity: Entity<K>, raw: string): Row {
  const row = TABLES[kind].row(entity);
  row.push(raw);
  return row;
}

