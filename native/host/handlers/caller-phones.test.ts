import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import type { Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir, type DataDir } from '../../store/data-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { boardHandlers } from './board.ts';
import { detailHandlers } from './incident-detail.ts';

// Issue 9, hole 1: a caller's number reaches a role that may not see phones
// only masked, whatever way it was written, through every method that shows
// one; and whether a number has called is itself a phone detail.

const opened: { data: DataDir; dir: string }[] = [];
afterEach(async () => {
  for (const { data, dir } of opened.splice(0)) {
    await data.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A console host over a real data dir holding these incidents, signed in as `role`. */
async function consoleAs(role: Role, ...incidents: Record<string, unknown>[]) {
  const dir = mkdtempSync(join(tmpdir(), 'egret-phones-'));
  const data = await openDataDir(dir, { command: 'test', cacheWriter: 'inline' });
  opened.push({ data, dir });
  data.cache.applyChanges(
    incidents.map((item, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'incident', data: item }, i + 1)),
    incidents.length,
  );
  const now = () => Date.parse('2026-11-28T09:10:00+08:00');
  const handlers = { ...boardHandlers(data, now), ...detailHandlers(data, now) };
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: handlers as never });
  return (method: string, params: unknown) => host.call(method, params, { label: 'test' });
}

const withPhone = (id: string, phone: string) => incident(id, 1, { caller: { name: '林先生', phone } });

describe("callers' phones through the host", () => {
  it("a video patroller's incident.get shows a landline written with brackets masked, never in clear", async () => {
    const call = await consoleAs('video_patroller', withPhone('inc-1', '(0592)5551234'));
    const outcome = (await call('incident.get', { id: 'inc-1' })) as { result: { incident: { caller: { phone: string } } } };
    expect(outcome.result.incident.caller.phone).toBe('0592****1234');
    expect(JSON.stringify(outcome)).not.toContain('5551234');
  });

  it('a call taker gets the number as the platform sent it', async () => {
    const call = await consoleAs('call_taker', withPhone('inc-1', '(0592)5551234'));
    expect(await call('incident.get', { id: 'inc-1' })).toMatchObject({ result: { incident: { caller: { phone: '(0592)5551234' } } } });
  });

  it('board rows mask a 7-digit local number and +86 numbers for a role that may not see phones', async () => {
    const incidents = [withPhone('local', '555-1234'), withPhone('mobile', '+86 138 1234 5678'), withPhone('landline', '+86 592 555 1234')];
    const phonesOf = async (role: Role) => {
      const call = await consoleAs(role, ...incidents);
      const outcome = (await call('incidents.page', { filter: {} })) as { result: { rows: { id: string; callerPhone: string | null }[] } };
      return Object.fromEntries(outcome.result.rows.map((r) => [r.id, r.callerPhone]));
    };
    expect(await phonesOf('video_patroller')).toEqual({ local: '****1234', mobile: '138****5678', landline: '0592****1234' });
    expect(await phonesOf('call_taker')).toEqual({ local: '5551234', mobile: '13812345678', landline: '05925551234' });
  });

  it('incidents.duplicates is forbidden to a video patroller, so it cannot probe whether a number has called', async () => {
    const video = await consoleAs('video_patroller', withPhone('inc-1', '13812345678'));
    expect(await video('incidents.duplicates', { callerPhone: '13812345678' })).toMatchObject({ code: 'forbidden' });
    const taker = await consoleAs('call_taker', withPhone('inc-1', '13812345678'));
    expect(await taker('incidents.duplicates', { callerPhone: '13812345678' })).toMatchObject({
      result: [{ id: 'inc-1', reason: 'same_caller' }],
    });
  });

  it('+86 138 1234 5678 and 13812345678 are the same caller in the duplicate check', async () => {
    const call = await consoleAs('call_taker', withPhone('earlier', '+86 138 1234 5678'), withPhone('other', '13900000000'));
    expect(await call('incidents.duplicates', { callerPhone: '13812345678' })).toEqual({
      result: [expect.objectContaining({ id: 'earlier', reason: 'same_caller' })],
    });
    expect(await call('incidents.duplicates', { callerPhone: '0086-138-1234-5678' })).toMatchObject({ result: [{ id: 'earlier' }] });
  });
});
