import { createHash, X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/**
 * Finding something to show the console in: the Electron binary when it is
 * installed, else a Chromium-family browser in app mode. The tests and the
 * benchmarks find their browser here too, the way `egret start` does.
 */

export type ElectronProbe = { available: true; binary: string } | { available: false; reason: string };

/**
 * Why there is no Electron after `npm ci`: its install script (which would
 * download the binary from GitHub) is switched off in package.json's
 * `allowScripts`, because the government network has no route out. The
 * README's section says how to install it from a mirror instead.
 */
export const ELECTRON_NOT_DOWNLOADED =
  'Electron binary not installed: its download is disabled on purpose (allowScripts in package.json); ' +
  'README, "Installing Electron from a mirror", says how to install it';

/** The installed electron package: its folder (null when there is none) and its `require`. */
export interface ElectronPackage {
  dir: string | null;
  require(): unknown;
}

function installedElectron(): ElectronPackage {
  const require = createRequire(import.meta.url);
  let dir: string | null = null;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    dir = null;
  }
  return { dir, require: () => require('electron') };
}

/**
 * The Electron binary, or why there is none. The package's install script
 * writes `path.txt` once the binary is downloaded; without it,
 * `require('electron')` throws its own advice ("please delete
 * node_modules/electron and try installing again"), which is wrong here —
 * so the missing binary is recognised before requiring.
 */
export function probeElectron(
  electron: ElectronPackage = installedElectron(),
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): ElectronProbe {
  if (electron.dir === null) return { available: false, reason: 'Electron is not installed (no electron package in node_modules)' };
  // ELECTRON_OVERRIDE_DIST_PATH names a binary installed elsewhere; the package then needs no path.txt.
  if (!env.ELECTRON_OVERRIDE_DIST_PATH && !exists(join(electron.dir, 'path.txt'))) {
    return { available: false, reason: ELECTRON_NOT_DOWNLOADED };
  }
  try {
    const binary = electron.require();
    if (typeof binary === 'string' && exists(binary)) return { available: true, binary };
    return { available: false, reason: `the electron package names a binary that does not exist (${String(binary)})` };
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return { available: false, reason: `Electron binary not usable (${message.split('\n')[0]})` };
  }
}

const BROWSER_NAMES: Record<string, string[]> = {
  linux: ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'microsoft-edge'],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

/** The first Chromium/Chrome/Edge found: `$EGRET_BROWSER`, then well-known names on PATH or paths. */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string | null {
  if (env.EGRET_BROWSER) return exists(env.EGRET_BROWSER) ? env.EGRET_BROWSER : null;
  for (const name of BROWSER_NAMES[platform] ?? BROWSER_NAMES.linux!) {
    if (name.includes('/') || name.includes('\\')) {
      if (exists(name)) return name;
      continue;
    }
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir && exists(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

/** No browser to run the console, its tests or its benchmarks in; the message says what to install. */
export class NoBrowserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoBrowserError';
  }
}

/** What to tell someone whose machine has no browser `findBrowser` can find. */
export function noBrowserMessage(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const looked =
    platform === 'linux'
      ? `chromium, chromium-browser, google-chrome or microsoft-edge on PATH`
      : `Chromium, Google Chrome or Microsoft Edge in their usual install folders`;
  const first = env.EGRET_BROWSER
    ? `EGRET_BROWSER names ${env.EGRET_BROWSER}, which does not exist.`
    : `No Chromium-family browser found (looked for $EGRET_BROWSER, then ${looked}).`;
  const install =
    platform === 'linux'
      ? 'Install Chromium and the CJK fonts: Debian/UOS `apt-get install chromium fonts-noto-cjk`; ' +
        'Ubuntu `snap install chromium` (it lands in /snap/bin) and `apt-get install fonts-noto-cjk`; ' +
        'Kylin `apt-get install chromium-browser fonts-noto-cjk` (or a Chrome/Edge package)'
      : 'Install Chromium, Google Chrome or Microsoft Edge';
  return `${first} ${install} — or set EGRET_BROWSER to the browser's executable. Browsers are never downloaded by the tests.`;
}

/** `findBrowser`, or a NoBrowserError that says what to install (tests and benchmarks cannot go on without one). */
export function requireBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string {
  const found = findBrowser(env, platform, exists);
  if (found === null) throw new NoBrowserError(noBrowserMessage(env, platform));
  return found;
}

/**
 * Chromium flags for an app-mode console window with its own profile.
 * Chromium refuses to start as root with its sandbox on; that only happens on
 * build and test machines, never on an operator's workstation.
 */
export function browserArgs(url: string, profileDir: string, asRoot = process.getuid?.() === 0): string[] {
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    // The page declares its language and translate="no"; Chromium still offers its translate bubble without this.
    '--disable-features=Translate',
    // The console window opens the workspace's other windows at sign-in, with no click to let them through (issue 13).
    '--disable-popup-blocking',
  ];
  return asRoot ? [...args, '--no-sandbox'] : args;
}

/**
 * Chromium flags that make it accept exactly these certificates (base64
 * sha256 SPKI hashes, as Chromium writes them): the embedded demo's media
 * server (its self-signed certificate, kept in the data dir so the hash holds
 * across starts), and the CA certificates of a camera gateway's `--ca` bundle
 * — Chromium ignores a certificate error when any certificate in the chain the
 * server presents has a listed SPKI, so a gateway that sends its whole chain
 * is trusted through its CA. Chromium honours the flag only with
 * `--user-data-dir`, which `browserArgs` always gives.
 */
export function mediaTrustArgs(spki: readonly string[]): string[] {
  const pins = [...new Set(spki)];
  for (const pin of pins) {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(pin)) throw new Error(`"${pin}" is not a base64 sha256 SPKI hash`);
  }
  return pins.length > 0 ? [`--ignore-certificate-errors-spki-list=${pins.join(',')}`] : [];
}

/**
 * The SPKI hashes of every certificate in a PEM bundle (a `--ca` file), for
 * `mediaTrustArgs`. A block that does not parse is an error naming it: a
 * bundle silently half-read would leave a gateway untrusted for no clear reason.
 */
export function bundleSpki(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block, i) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (error) {
      throw new Error(`certificate ${i + 1} of the bundle does not parse: ${(error as Error).message}`);
    }
    return createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  });
}
