import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareChange } from '../../link/prepare.ts';
import { CacheStore } from '../cache-store.ts';
import { DEPARTMENT_KIND_SQL, departmentKinds } from './department-kinds.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const unit = (id: string, kind: string) => ({ id, rev: 1, name: `单位 ${id}`, kind, level: 'district', district: '350203' });

describe('the kinds of the units a dispatch names', () => {
  it('come back in the order named, null for a unit the cache does not hold, by primary key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'egret-kinds-'));
    dirs.push(dir);
    const { cache } = CacheStore.open(dir);
    const units = [unit('dep-traffic', 'traffic_police'), unit('dep-fire', 'fire')];
    cache.applyChanges(
      units.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'department', data }, i + 1)),
      units.length,
    );
    expect(departmentKinds(cache.db, ['dep-fire', 'dep-unknown', 'dep-traffic'])).toEqual(['fire', null, 'traffic_police']);
    expect(departmentKinds(cache.db, [])).toEqual([]);
    const plan = (cache.db.prepare(`EXPLAIN QUERY PLAN ${DEPARTMENT_KIND_SQL}`).all('x') as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(/USING INDEX sqlite_autoindex_department_1 \(id=\?\)/);
    cache.close();
  });
});
