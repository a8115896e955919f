import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planOf } from '../../../tests/support/query-plan.ts';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { VOLUNTEER_NAMES_SQL, volunteerNames } from './volunteers.ts';

const dirs: string[] = [];
const caches: CacheStore[] = [];
afterEach(() => {
  caches.splice(0).forEach((c) => c.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function cacheWith(...volunteers: [id: string, name: string][]): CacheStore {
  const dir = mkdtempSync(join(tmpdir(), 'egret-volunteers-'));
  dirs.push(dir);
  const { cache } = CacheStore.open(dir);
  caches.push(cache);
  cache.applyChanges(
    volunteers.map(([id, name], i) =>
      prepareChange({ seq: i + 1, op: 'upsert', kind: 'volunteer', data: { id, rev: 1, name, points: 0, verified: true, skills: [] } }, i + 1),
    ),
    volunteers.length,
  );
  return cache;
}

describe('volunteer names', () => {
  it('names the volunteers the cache holds and leaves out those it does not know yet', () => {
    const { db } = cacheWith(['vol-1', '林晓'], ['vol-2', '黄伟'], ['vol-3', '王芳']);
    expect(volunteerNames(db, ['vol-2', 'vol-new', 'vol-1'])).toEqual(
      new Map([
        ['vol-1', '林晓'],
        ['vol-2', '黄伟'],
      ]),
    );
    expect(volunteerNames(db, [])).toEqual(new Map());
  });

  it('looks each id up by the primary key', () => {
    const { db } = cacheWith();
    expect(planOf(db, VOLUNTEER_NAMES_SQL, '["vol-1"]')).toMatch(/SEARCH volunteer USING INDEX sqlite_autoindex_volunteer_1 \(id=\?\)/);
  });
});
