import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORY_ROOTS } from '../../api/rules.ts';
import { DEPARTMENT_KINDS } from '../../protocol/entities.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { departmentChoices, UNITS_FOR } from './departments.ts';

const dirs: string[] = [];
const caches: CacheStore[] = [];
afterEach(() => {
  caches.splice(0).forEach((c) => c.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

type Unit = [id: string, name: string, kind: string, level: string, district: string | null];

function cacheWith(...units: Unit[]): CacheStore {
  const dir = mkdtempSync(join(tmpdir(), 'egret-departments-'));
  dirs.push(dir);
  const { cache } = CacheStore.open(dir);
  caches.push(cache);
  cache.applyChanges(
    units.map(([id, name, kind, level, district], i) =>
      prepareChange({ seq: i + 1, op: 'upsert', kind: 'department', data: { id, rev: 1, name, kind, level, district } }, i + 1),
    ),
    units.length,
  );
  return cache;
}

const CITY: Unit[] = [
  ['d-siming-police', '思明公安分局', 'police', 'district', '350203'],
  ['d-huli-police', '湖里公安分局', 'police', 'district', '350206'],
  ['d-traffic', '市交警支队', 'traffic_police', 'city', null],
  ['d-siming-fire', '思明消防救援大队', 'fire', 'district', '350203'],
  ['d-grid', '莲前网格站', 'grid', 'community', '350203'],
  ['d-env', '市生态环境局', 'environment', 'city', null],
];

describe('linkage units to dispatch to', () => {
  it('puts the units that handle the category in the district first, most fitting kind first', () => {
    const choices = departmentChoices(cacheWith(...CITY).db, { category: 'traffic.collision', district: '350203' });
    expect(choices.filter((c) => c.suggested).map((c) => c.id)).toEqual(['d-traffic', 'd-siming-police']);
    expect(choices.slice(0, 2).map((c) => c.id)).toEqual(['d-traffic', 'd-siming-police']);
    // Another district's police is not suggested; the rest follow by level, then name.
    expect(choices.find((c) => c.id === 'd-huli-police')!.suggested).toBe(false);
    expect(choices.slice(2).map((c) => c.level)).toEqual(['city', 'community', 'district', 'district']);
    expect(choices[0]).toEqual({ id: 'd-traffic', name: '市交警支队', kind: 'traffic_police', level: 'city', district: null, suggested: true });
  });

  it('suggests by category alone when no district is known, and nothing for an unknown category', () => {
    const { db } = cacheWith(...CITY);
    // Same kind and level: by name (code point order, as SQLite compares text).
    expect(departmentChoices(db, { category: 'criminal.theft' }).filter((c) => c.suggested).map((c) => c.id)).toEqual([
      'd-siming-police',
      'd-huli-police',
    ]);
    expect(departmentChoices(db, { category: 'weather.storm' }).some((c) => c.suggested)).toBe(false);
    expect(departmentChoices(db, { category: 'constructor' }).some((c) => c.suggested)).toBe(false);
    expect(departmentChoices(db, {})).toHaveLength(CITY.length);
  });

  it('names a unit kind of the contract for every category root', () => {
    expect(Object.keys(UNITS_FOR).sort()).toEqual([...CATEGORY_ROOTS].sort());
    for (const kinds of Object.values(UNITS_FOR)) {
      expect(kinds.length).toBeGreaterThan(0);
      for (const kind of kinds) expect(DEPARTMENT_KINDS).toContain(kind);
    }
  });
});
