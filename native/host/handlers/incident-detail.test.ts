import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { ApiError, maskPhone, type Role } from '../../api/index.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir, type DataDir } from '../../store/data-dir.ts';
import type { CallContext } from '../console-host.ts';
import { detailHandlers } from './incident-detail.ts';

const opened: { data: DataDir; dir: string }[] = [];
afterEach(async () => {
  for (const { data, dir } of opened.splice(0)) {
    await data.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function consoleWith(...items: { kind: string; data: Record<string, unknown> }[]) {
  const dir = mkdtempSync(join(tmpdir(), 'egret-detail-handlers-'));
  const data = await openDataDir(dir, { command: 'test', cacheWriter: 'inline' });
  opened.push({ data, dir });
  data.cache.applyChanges(items.map(({ kind, data: d }, i) => prepareChange({ seq: i + 1, op: 'upsert', kind, data: d }, i + 1)), items.length);
  return { handlers: detailHandlers(data) };
}

const as = (role: Role | null): CallContext => ({ role, peer: { label: 'test' } });

describe('incident detail for each role', () => {
  const LANDLINE = '(0592)5551234';

  it('shows the caller phone to roles that call back and masks it for everyone else', async () => {
    const { handlers } = await consoleWith({ kind: 'incident', data: incident('inc-1', 1, { caller: { name: '陈先生', phone: LANDLINE } }) });
    const callerFor = async (role: Role | null) => (await handlers['incident.get']({ id: 'inc-1' }, as(role))).incident.caller;
    expect(await callerFor('call_taker')).toEqual({ name: '陈先生', phone: LANDLINE });
    expect(await callerFor('duty_chief')).toEqual({ name: '陈先生', phone: LANDLINE });
    expect(await callerFor('video_patroller')).toEqual({ name: '陈先生', phone: maskPhone(LANDLINE) });
    expect(JSON.stringify(await callerFor('video_patroller'))).not.toContain('5551234');
    expect(await callerFor(null)).toEqual({ name: '陈先生', phone: maskPhone(LANDLINE) });
    // The mask is applied to what is sent, never to what the cache holds.
    expect(await callerFor('call_taker')).toEqual({ name: '陈先生', phone: LANDLINE });
  });

  it('answers not_found for an incident the cache does not hold', async () => {
    const { handlers } = await consoleWith();
    const asked = (async () => handlers['incident.get']({ id: 'inc-404' }, as('duty_chief')))();
    await expect(asked).rejects.toThrow(ApiError);
    await expect(asked).rejects.toMatchObject({ code: 'not_found', message: 'no incident inc-404 in the cache' });
  });
});

describe('dispatch helpers', () => {
  it("names the volunteers an offer went to from the cache, leaving out ids it does not hold", async () => {
    const { handlers } = await consoleWith(
      { kind: 'volunteer', data: { id: 'vol-1', rev: 1, name: '林*', points: 12, verified: true, skills: [] } },
      { kind: 'volunteer', data: { id: 'vol-2', rev: 1, name: '陈**', points: 0, verified: false, skills: [] } },
    );
    const named = await handlers['volunteers.names']({ ids: ['vol-2', 'vol-404', 'vol-1', 'vol-2'] }, as('video_patroller'));
    expect([...named].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'vol-1', name: '林*' },
      { id: 'vol-2', name: '陈**' },
    ]);
  });

  it('lists linkage units with those fitting the category first', async () => {
    const { handlers } = await consoleWith(
      { kind: 'department', data: { id: 'd-env', rev: 1, name: '市生态环境局', kind: 'environment', level: 'city' } },
      { kind: 'department', data: { id: 'd-fire', rev: 1, name: '思明消防救援大队', kind: 'fire', level: 'district', district: '350203' } },
    );
    const units = await handlers['departments.list']({ category: 'fire.building', district: '350203' }, as('call_taker'));
    expect(units.map((u) => [u.id, u.suggested])).toEqual([
      ['d-fire', true],
      ['d-env', false],
    ]);
  });
});
