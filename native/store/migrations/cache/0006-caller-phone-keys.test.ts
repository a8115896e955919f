import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheStore } from '../../cache-store.ts';
import { cachePath, openDatabase } from '../../open.ts';
import { findDuplicates } from '../../queries/duplicates.ts';
import { cacheMigrations } from './index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const T = Date.parse('2026-11-28T09:00:00+08:00');

/**
 * A cache.db as a console before 0006 left it: the caller key was every digit
 * of the number as written (`+86 138-1234-5678` → `8613812345678`).
 */
function cacheAtVersion5(
  incidents: { id: string; phone: string | null; oldKey: string | null }[],
  calls: { id: string; phone: string; oldKey: string }[],
) {
  const dir = mkdtempSync(join(tmpdir(), 'egret-0006-'));
  dirs.push(dir);
  const db = openDatabase(cachePath(dir), cacheMigrations.slice(0, 5), { durable: false });
  const insertIncident = db.prepare(
    `INSERT INTO incident (id, rev, source, category, priority, status, level, title, reported_ms, updated_ms, caller_phone, data)
     VALUES (?, 1, '110', 'public_order.noise', 3, 'new', 'community', '噪音扰民', ?, ?, ?, ?)`,
  );
  for (const { id, phone, oldKey } of incidents) {
    insertIncident.run(id, T, T, oldKey, JSON.stringify({ id, rev: 1, ...(phone === null ? {} : { caller: { phone } }) }));
  }
  const insertCall = db.prepare(`INSERT INTO call (id, rev, line, received_ms, caller_phone, data) VALUES (?, 1, '110', ?, ?, ?)`);
  for (const { id, phone, oldKey } of calls) {
    insertCall.run(id, T, oldKey, JSON.stringify({ id, rev: 1, line: '110', caller_phone: phone }));
  }
  expect(db.pragma('user_version', { simple: true })).toBe(5);
  db.close();
  return dir;
}

describe('cache 0006 recomputes caller keys', () => {
  it('a repeat caller stored under an old-style key is found after the console opens the cache', () => {
    const dir = cacheAtVersion5(
      [
        { id: 'plus86', phone: '+86 138-1234-5678', oldKey: '8613812345678' },
        { id: 'landline', phone: '+86 592 555 1234', oldKey: '865925551234' },
        { id: 'extension', phone: '0592-5551234 转 801', oldKey: '05925551234801' },
        { id: 'service', phone: '110', oldKey: '110' },
        { id: 'no-phone', phone: null, oldKey: null },
      ],
      [{ id: 'call-1', phone: '0086 138 1234 5678', oldKey: '008613812345678' }],
    );
    const { cache } = CacheStore.open(dir);
    try {
      expect(cache.db.pragma('user_version', { simple: true })).toBe(cacheMigrations.length);
      const sameCaller = (phone: string) => findDuplicates(cache.db, { callerPhone: phone, at: T }).map((d) => [d.id, d.reason]);
      expect(sameCaller('13812345678')).toEqual([['plus86', 'same_caller']]);
      expect(sameCaller('(0592)5551234')).toEqual([['landline', 'same_caller']]);
      expect(sameCaller('0592-5551234 分机801')).toEqual([['extension', 'same_caller']]);
      const keys = cache.db.prepare('SELECT id, caller_phone FROM incident ORDER BY id').all();
      expect(keys).toEqual([
        { id: 'extension', caller_phone: '05925551234#801' },
        { id: 'landline', caller_phone: '05925551234' },
        { id: 'no-phone', caller_phone: null },
        { id: 'plus86', caller_phone: '13812345678' },
        { id: 'service', caller_phone: null }, // 110 is a line many unrelated reports share, not a caller
      ]);
      expect(cache.db.prepare("SELECT caller_phone FROM call WHERE id = 'call-1'").pluck().get()).toBe('13812345678');
    } finally {
      cache.close();
    }
  });
});
