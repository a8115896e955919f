import { describe, expect, it } from 'vitest';
import { camera } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { methods, type Role } from '../../api/index.ts';
import { silentLogger } from '../../common/logger.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { CameraFlapping } from '../map/camera-flapping.ts';
import { cameraDirectoryHandlers } from './camera-directory.ts';

const CAMERAS = [
  camera('cam-0001', 1, { name: '湖滨南路筼筜段 001', district: '350203', road: '湖滨南路', kind: 'ptz' }),
  camera('cam-0002', 1, { name: '湖滨南路筼筜段 002', district: '350203', road: '湖滨南路', status: 'offline' }),
  camera('cam-0003', 1, { name: '嘉禾路湖里段 001', district: '350206', road: '嘉禾路' }),
];

/** A console host over a real data dir holding the cameras, signed in as `role` (null: signed out); cam-0003 has flapped. */
async function consoleAs(role: Role | null) {
  const data = await openDataDir(tempDir('camera-directory-host'), { command: 'test', cacheWriter: 'inline' });
  data.cache.applyChanges(
    CAMERAS.map((data, i) => prepareChange({ seq: i + 1, op: 'upsert', kind: 'camera', data }, i + 1)),
    CAMERAS.length,
  );
  data.cache.indexPending();
  let t = 0;
  const flapping = new CameraFlapping(() => t);
  for (let i = 0; i < 3; i++) {
    flapping.observe('cam-0003', 'offline');
    flapping.observe('cam-0003', 'online');
    t += 1000;
  }
  const host = new ConsoleHost({ role: () => role, logger: silentLogger, handlers: cameraDirectoryHandlers(data, flapping) as never });
  const call = (name: 'cameras.directory' | 'cameras.search', params: unknown) => host.call(name, params, { label: 'test' });
  return { call, close: () => data.close() };
}

describe('cameras.directory and cameras.search through the host', () => {
  it('lists every camera with its status, a flapping one as flapping, in the directory order', async () => {
    const { call, close } = await consoleAs('video_patroller');
    const { result } = (await call('cameras.directory', {})) as { result: unknown };
    expect(result).toEqual([
      { id: 'cam-0001', name: '湖滨南路筼筜段 001', district: '350203', road: '湖滨南路', status: 'online', kind: 'ptz' },
      { id: 'cam-0002', name: '湖滨南路筼筜段 002', district: '350203', road: '湖滨南路', status: 'offline', kind: 'fixed' },
      { id: 'cam-0003', name: '嘉禾路湖里段 001', district: '350206', road: '嘉禾路', status: 'flapping', kind: 'fixed' },
    ]);
    expect(methods['cameras.directory'].result.safeParse(result).success).toBe(true);
    await close();
  });

  it('finds cameras by pinyin initials, within the limit', async () => {
    const { call, close } = await consoleAs('duty_chief');
    expect(await call('cameras.search', { q: 'hbnl' })).toMatchObject({ result: [{ id: 'cam-0001' }, { id: 'cam-0002' }] });
    expect(await call('cameras.search', { q: ' jhl ', limit: 1 })).toMatchObject({ result: [{ id: 'cam-0003' }] });
    expect(await call('cameras.search', { q: 'cam-000', limit: 2 })).toMatchObject({ result: [{ id: 'cam-0001' }, { id: 'cam-0002' }] });
    await close();
  });

  it('refuses empty or overlong text and a window that is not signed in', async () => {
    const signedIn = await consoleAs('call_taker');
    expect(await signedIn.call('cameras.search', { q: '  ' })).toMatchObject({ code: 'invalid_params' });
    expect(await signedIn.call('cameras.search', { q: 'x'.repeat(61) })).toMatchObject({ code: 'invalid_params' });
    expect(await signedIn.call('cameras.search', { q: 'hbnl', limit: 501 })).toMatchObject({ code: 'invalid_params' });
    expect(await signedIn.call('cameras.directory', { extra: 1 })).toMatchObject({ code: 'invalid_params' });
    await signedIn.close();
    const signedOut = await consoleAs(null);
    expect(await signedOut.call('cameras.directory', {})).toMatchObject({ code: 'unauthenticated' });
    expect(await signedOut.call('cameras.search', { q: 'hbnl' })).toMatchObject({ code: 'unauthenticated' });
    await signedOut.close();
  });
});
