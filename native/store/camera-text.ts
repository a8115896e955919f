import { DISTRICTS, isDistrictCode } from '../api/rules.ts';
import { segment } from './fts.ts';
import { pinyinKeys } from './place-text.ts';

/**
 * What a camera is found by in the camera directory (migration 0012's
 * `camera_fts`): its name, segmented as fts.ts does; the pinyin of its name,
 * road and tags; and the road, district and tags as the area.
 *
 * A video patroller types "湖滨南路", "hbnl", "hubinnan" or "xqdm" (小区东门):
 * a road camera's name starts with its road ("湖滨南路筼筜段 001"), and a
 * community camera's tags hold its community, street and spot, so each has a
 * pinyin key of its own that what was typed is a prefix of.
 */

export interface CameraText {
  /** The name, segmented. */
  names: string;
  /** The road, the district's name and the tags, segmented. */
  area: string;
}

/** The text written with the camera; its pinyin waits (cameraPinyin), as a place's does. */
export function cameraText(camera: { name: string; district: string; road?: string | null; tags?: readonly unknown[] }): CameraText {
  const district = isDistrictCode(camera.district) ? DISTRICTS[camera.district].zh : null;
  return { names: segment(camera.name), area: segment(camera.road, district, ...stringsOf(camera.tags)) };
}

/** Pinyin keys of the name, the road and the tags, space-separated (each one FTS token). */
export function cameraPinyin(name: string, road: string | null, tags: readonly unknown[]): string {
  const texts = [name, ...(road ? [road] : []), ...stringsOf(tags)];
  return [...new Set(texts.flatMap(pinyinKeys))].join(' ');
}

/** Tags read back from a row's JSON: checked when applied, but only strings are text. */
export function stringsOf(tags: readonly unknown[] | null | undefined): string[] {
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}
