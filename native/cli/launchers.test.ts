import { describe, expect, it } from 'vitest';
import { selfSignedCertificate, spkiSha256 } from '../simulator/media/server.ts';
import {
  ELECTRON_NOT_DOWNLOADED,
  NoBrowserError,
  browserArgs,
  bundleSpki,
  findBrowser,
  mediaTrustArgs,
  noBrowserMessage,
  probeElectron,
  requireBrowser,
} from './launchers.ts';

describe('choosing the shell', () => {
  const pkg = '/app/node_modules/electron';
  const neverRequired = () => {
    throw new Error('required the electron package although its binary was never downloaded');
  };

  it('says the Electron binary was not downloaded on purpose, and where the README says how to install it, without requiring the package', () => {
    // What `require('electron')` would throw: advice that is wrong here.
    const probe = probeElectron({ dir: pkg, require: neverRequired }, {}, () => false);
    expect(probe).toEqual({ available: false, reason: ELECTRON_NOT_DOWNLOADED });
    if (probe.available) throw new Error('unreachable');
    expect(probe.reason).toMatch(/^Electron binary not installed: its download is disabled on purpose/);
    expect(probe.reason).toContain('README, "Installing Electron from a mirror"');
    expect(probe.reason).not.toMatch(/delete node_modules/);
  });

  it('uses the binary the package names once it is installed (path.txt written), or one named by ELECTRON_OVERRIDE_DIST_PATH', () => {
    const binary = `${pkg}/dist/electron`;
    const installed = (p: string) => p === `${pkg}/path.txt` || p === binary;
    expect(probeElectron({ dir: pkg, require: () => binary }, {}, installed)).toEqual({ available: true, binary });
    const elsewhere = '/opt/electron/electron';
    expect(probeElectron({ dir: pkg, require: () => elsewhere }, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, (p) => p === elsewhere)).toEqual({
      available: true,
      binary: elsewhere,
    });
  });

  it('says so when the package is missing, names a binary that is not there, or throws anyway', () => {
    expect(probeElectron({ dir: null, require: neverRequired }, {}, () => true)).toMatchObject({ available: false, reason: expect.stringMatching(/not installed/) });
    expect(probeElectron({ dir: pkg, require: () => '/nowhere/electron' }, {}, (p) => p.endsWith('path.txt'))).toMatchObject({
      available: false,
      reason: expect.stringContaining('/nowhere/electron'),
    });
    const broken = () => {
      throw new Error('Electron failed to install correctly\nstack…');
    };
    expect(probeElectron({ dir: pkg, require: broken }, {}, (p) => p.endsWith('path.txt'))).toEqual({
      available: false,
      reason: 'Electron binary not usable (Electron failed to install correctly)',
    });
  });

  it('finds a Chromium-family browser on PATH, or honours EGRET_BROWSER', () => {
    const exists = (p: string) => p === '/opt/bin/google-chrome' || p === '/custom/chrome';
    expect(findBrowser({ PATH: '/usr/bin:/opt/bin' }, 'linux', exists)).toBe('/opt/bin/google-chrome');
    expect(findBrowser({ PATH: '/usr/bin', EGRET_BROWSER: '/custom/chrome' }, 'linux', exists)).toBe('/custom/chrome');
    expect(findBrowser({ PATH: '/usr/bin' }, 'linux', () => false)).toBeNull();
  });

  it('finds Ubuntu’s snap and Kylin’s chromium-browser, not only /usr/bin/chromium', () => {
    expect(findBrowser({ PATH: '/usr/bin:/snap/bin' }, 'linux', (p) => p === '/snap/bin/chromium')).toBe('/snap/bin/chromium');
    expect(findBrowser({ PATH: '/usr/local/bin:/usr/bin' }, 'linux', (p) => p === '/usr/bin/chromium-browser')).toBe('/usr/bin/chromium-browser');
  });

  it('opens the console in app mode with its own profile, without the translate bubble, letting the console open its windows', () => {
    const args = browserArgs('http://127.0.0.1:5/?token=t', '/data/browser-profile', false);
    expect(args).toContain('--app=http://127.0.0.1:5/?token=t');
    expect(args).toContain('--user-data-dir=/data/browser-profile');
    expect(args).toContain('--disable-features=Translate');
    expect(args).toContain('--disable-popup-blocking');
    expect(args).not.toContain('--no-sandbox');
    expect(browserArgs('u', 'p', true)).toContain('--no-sandbox');
  });
});

describe('the certificates the browser is told to accept', () => {
  const A = 'fc3jpXzXjAT52ZrhdTnCoAOJLkSkapuSuKUKmtrMBgA=';
  const B = 'Yp5Ky7bAq5Si9Tvv6E3qgDg7wJwoFQVmgyhr29s4d0M=';

  it('is one --ignore-certificate-errors-spki-list flag naming each pin once, and nothing when there is none', () => {
    expect(mediaTrustArgs([A, B, A])).toEqual([`--ignore-certificate-errors-spki-list=${A},${B}`]);
    expect(mediaTrustArgs([])).toEqual([]);
  });

  it('refuses anything that is not a base64 sha256 hash (a comma or a flag could widen what is trusted)', () => {
    for (const bad of ['', 'abc', `${A},${B}`, `${A} --ignore-certificate-errors`]) {
      expect(() => mediaTrustArgs([bad]), bad).toThrow(/not a base64 sha256 SPKI hash/);
    }
  });

  it("takes the pins of a CA bundle's certificates, and names a block that does not parse", async () => {
    const one = await selfSignedCertificate('127.0.0.1');
    const two = await selfSignedCertificate('127.0.0.1');
    const bundle = `# the gateway's CA\n${one.cert}\n${two.cert}`;
    expect(bundleSpki(bundle)).toEqual([spkiSha256(one.cert), spkiSha256(two.cert)]);
    expect(bundleSpki('no certificates here')).toEqual([]);
    const broken = `${one.cert}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`;
    expect(() => bundleSpki(broken)).toThrow(/certificate 2 of the bundle does not parse/);
  });
});

describe('a machine without a browser (tests and benchmarks)', () => {
  it('says what to install instead of failing later, for each Linux the console runs on', () => {
    const call = () => requireBrowser({ PATH: '/usr/bin:/bin' }, 'linux', () => false);
    expect(call).toThrow(NoBrowserError);
    expect(call).toThrow(noBrowserMessage({ PATH: '/usr/bin:/bin' }, 'linux'));
    const message = noBrowserMessage({ PATH: '/usr/bin' }, 'linux');
    expect(message).toMatch(/^No Chromium-family browser found \(looked for \$EGRET_BROWSER, then chromium, chromium-browser, google-chrome/);
    expect(message).toContain('apt-get install chromium fonts-noto-cjk');
    expect(message).toContain('snap install chromium');
    expect(message).toContain('apt-get install chromium-browser');
    expect(message).toContain('set EGRET_BROWSER');
  });

  it('names an EGRET_BROWSER that points nowhere', () => {
    expect(() => requireBrowser({ EGRET_BROWSER: '/opt/none/chrome', PATH: '/usr/bin' }, 'linux', (p) => p === '/usr/bin/chromium')).toThrow(
      /^EGRET_BROWSER names \/opt\/none\/chrome, which does not exist\./,
    );
  });

  it('returns the browser found, as egret start would open it', () => {
    expect(requireBrowser({ PATH: '/snap/bin' }, 'linux', (p) => p === '/snap/bin/chromium')).toBe('/snap/bin/chromium');
  });
});
