import { describe, expect, it } from 'vitest';
import { camera } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { methods, type Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { cameraHandlers } from './cameras.ts';

const CAMERAS = [
  camera('cam-0001', 1, { name: '湖滨南路筼筜段 001', district: '350203', road: '湖滨南路', kind: 'ptz' }),
  camera('cam-0002', 2, { status: 'offline', streams: { main: 'http://127.0.0.1/hls/cam-0002/main.m3u8' } }),
];

/** A console host over a real data dir holding the cameras, signed in as `role` (null: signed out). */
async function consoleAs(role: Role | null) {
  const data = await openDataDir(tempDir('cameras-host'), { command: 'test', cacheWriter: 'inline' });
  data.cache.applyChanges(
    CAMERAS.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'camera', data }, i + 1)),
    CAMERAS.length,
  );
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: cameraHandlers(data) as never });
  const call = (params: unknown) => host.call('cameras.get', params, { label: 'test' });
  return { call, close: () => data.close() };
}

describe('cameras.get through the host', () => {
  it('gives a tile what it plays: the streams, the status and where the camera is', async () => {
    const { call, close } = await consoleAs('video_patroller');
    const answer = (await call({ id: 'cam-0001' })) as { result: unknown };
    expect(answer.result).toEqual({
      id: 'cam-0001',
      name: '湖滨南路筼筜段 001',
      district: '350203',
      road: '湖滨南路',
      kind: 'ptz',
      status: 'online',
      lat: 24.5,
      lng: 118.1,
      streams: { main: 'http://127.0.0.1/hls/cam-0001/main.m3u8', sub: 'http://127.0.0.1/hls/cam-0001/sub.m3u8' },
    });
    expect(methods['cameras.get'].result.safeParse(answer.result).success).toBe(true);
    await close();
  });

  it('says when a camera has no sub stream or no road (null, never missing) and passes its offline status on', async () => {
    const { call, close } = await consoleAs('duty_chief');
    const { result } = (await call({ id: 'cam-0002' })) as { result: { road: unknown; status: string; streams: unknown } };
    expect(result).toMatchObject({
      road: null,
      status: 'offline',
      streams: { main: 'http://127.0.0.1/hls/cam-0002/main.m3u8', sub: null },
    });
    await close();
  });

  it('answers not_found for a camera the cache does not hold, and refuses a window that is not signed in', async () => {
    const signedIn = await consoleAs('call_taker');
    expect(await signedIn.call({ id: 'cam-9999' })).toMatchObject({ code: 'not_found' });
    expect(await signedIn.call({ id: '' })).toMatchObject({ code: 'invalid_params' });
    await signedIn.close();
    const signedOut = await consoleAs(null);
    expect(await signedOut.call({ id: 'cam-0001' })).toMatchObject({ code: 'unauthenticated' });
    await signedOut.close();
  });
});
