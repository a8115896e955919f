import { describe, expect, it } from 'vitest';
import { browserArgs, findBrowser, probeElectron } from './launchers.ts';

describe('choosing the shell', () => {
  it('says why Electron is not used when its binary was never downloaded', () => {
    const probe = probeElectron(() => {
      throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
    });
    expect(probe).toEqual({ available: false, reason: expect.stringMatching(/^Electron binary not installed \(Electron failed to install correctly/) });
    expect(probeElectron(() => '/nowhere/electron')).toMatchObject({ available: false });
  });

  it('finds a Chromium-family browser on PATH, or honours EGRET_BROWSER', () => {
    const exists = (p: string) => p === '/opt/bin/google-chrome' || p === '/custom/chrome';
    expect(findBrowser({ PATH: '/usr/bin:/opt/bin' }, 'linux', exists)).toBe('/opt/bin/google-chrome');
    expect(findBrowser({ PATH: '/usr/bin', EGRET_BROWSER: '/custom/chrome' }, 'linux', exists)).toBe('/custom/chrome');
    expect(findBrowser({ PATH: '/usr/bin' }, 'linux', () => false)).toBeNull();
  });

  it('opens the console in app mode with its own profile', () => {
    const args = browserArgs('http://127.0.0.1:5/?token=t', '/data/browser-profile', false);
    expect(args).toContain('--app=http://127.0.0.1:5/?token=t');
    expect(args).toContain('--user-data-dir=/data/browser-profile');
    expect(args).not.toContain('--no-sandbox');
    expect(browserArgs('u', 'p', true)).toContain('--no-sandbox');
  });
});
