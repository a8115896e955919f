import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../migrate.ts';
import { cacheMigrations } from './index.ts';

const at = (iso: string) => Date.parse(iso);

describe('cache migration 0010 (the map’s indexes)', () => {
  it('indexes what a cache at version 9 already holds: ended incidents by update, offers by time, answers by volunteer', () => {
    const db = new Database(':memory:');
    migrate(db, 'cache.db', cacheMigrations.slice(0, 9));
    const incident = db.prepare(
      `INSERT INTO incident (id, rev, source, category, priority, status, level, title, reported_ms, updated_ms, data) VALUES (?, 1, '110', 'x', 3, ?, 'community', 't', 0, ?, '{}')`,
    );
    incident.run('open', 'new', at('2026-11-28T09:00:00Z'));
    incident.run('closed', 'closed', at('2026-11-28T10:00:00Z'));
    incident.run('cancelled', 'cancelled', at('2026-11-28T11:00:00Z'));
    const event = db.prepare(
      `INSERT INTO incident_event (id, rev, incident, at_ms, kind, actor, data) VALUES (?, 1, 'open', ?, ?, 'x', ?)`,
    );
    event.run('e-offer', at('2026-11-28T09:01:00Z'), 'offer', JSON.stringify({ data: { volunteers: ['v-1'] } }));
    event.run('e-accept', at('2026-11-28T09:02:00Z'), 'accept', JSON.stringify({ data: { volunteer: 'v-1', offer: 'e-offer' } }));
    event.run('e-note', at('2026-11-28T09:03:00Z'), 'note', JSON.stringify({ data: { volunteer: 'v-1' } }));

    expect(migrate(db, 'cache.db', cacheMigrations.slice(0, 10))).toEqual({ from: 9, to: 10 });
    const count = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    expect(
      count(
        `SELECT count(*) FROM incident INDEXED BY incident_ended WHERE status IN ('resolved', 'closed', 'cancelled') AND updated_ms >= 0`,
      ),
    ).toBe(2);
    expect(count(`SELECT count(*) FROM incident_event INDEXED BY incident_event_offers WHERE kind = 'offer' AND at_ms >= 0`)).toBe(1);
    expect(
      count(
        `SELECT count(*) FROM incident_event INDEXED BY incident_event_answers WHERE json_extract(data, '$.data.volunteer') = ? AND kind IN ('accept', 'decline')`,
        'v-1',
      ),
    ).toBe(1);
    db.close();
  });
});
