import { describe, expect, it } from 'vitest';
import { camera } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { methods, type Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { trafficCameraHandlers } from './traffic-cameras.ts';

const ROADS = [
  { id: 'road-chenggong', name: '成功大道', level: 'congested', speed_kmh: 14 },
  { id: 'road-huandao', name: '环岛路', level: 'smooth', speed_kmh: 52 },
].map((r) => ({ ...r, rev: 1, district: '350203', updated_at: '2026-11-28T08:00:00+08:00' }));
const CAMERAS = [
  camera('cam-0001', 1, { name: '环岛路 001', road: '环岛路' }),
  camera('cam-0002', 1, { name: '成功大道 002', road: '成功大道' }),
  camera('cam-0003', 1, { name: '成功大道 003', road: '成功大道' }),
];

/** A console host over a real data dir holding the roads and cameras, signed in as `role`; cam-0002 flaps. */
async function consoleAs(role: Role | null) {
  const data = await openDataDir(tempDir('traffic-host'), { command: 'test', cacheWriter: 'inline' });
  const items = [...ROADS.map((d) => ({ kind: 'road', data: d })), ...CAMERAS.map((d) => ({ kind: 'camera', data: d }))];
  data.cache.applyChanges(
    items.map(({ kind, data }, i) => prepareChange({ seq: i + 1, op: 'upsert', kind, data }, i + 1)),
    items.length,
  );
  const flapping = { isFlapping: (id: string) => id === 'cam-0002' };
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: trafficCameraHandlers(data, flapping) as never });
  const call = (params: unknown) => host.call('cameras.traffic', params, { label: 'test' });
  return { call, close: () => data.close() };
}

describe('cameras.traffic through the host', () => {
  it("gives the chief's strip the congested road's cameras first, with the road's name and level, a flapping one after the steady", async () => {
    const { call, close } = await consoleAs('duty_chief');
    const answer = (await call({})) as { result: unknown };
    expect(answer.result).toEqual([
      { camera: 'cam-0003', name: '成功大道 003', road: 'road-chenggong', roadName: '成功大道', level: 'congested', speedKmh: 14, status: 'online' },
      { camera: 'cam-0002', name: '成功大道 002', road: 'road-chenggong', roadName: '成功大道', level: 'congested', speedKmh: 14, status: 'flapping' },
      { camera: 'cam-0001', name: '环岛路 001', road: 'road-huandao', roadName: '环岛路', level: 'smooth', speedKmh: 52, status: 'online' },
    ]);
    expect(methods['cameras.traffic'].result.safeParse(answer.result).success).toBe(true);
    expect(((await call({ k: 1 })) as { result: { camera: string }[] }).result.map((r) => r.camera)).toEqual(['cam-0003']);
    await close();
  });

  it('refuses a k out of range and a window that is not signed in', async () => {
    const signedIn = await consoleAs('video_patroller');
    expect(await signedIn.call({ k: 0 })).toMatchObject({ code: 'invalid_params' });
    expect(await signedIn.call({ k: 26 })).toMatchObject({ code: 'invalid_params' });
    expect(await signedIn.call({ k: 2, extra: true })).toMatchObject({ code: 'invalid_params' });
    await signedIn.close();
    const signedOut = await consoleAs(null);
    expect(await signedOut.call({})).toMatchObject({ code: 'unauthenticated' });
    await signedOut.close();
  });
});
