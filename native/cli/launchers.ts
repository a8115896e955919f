import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Finding something to show the console in: the Electron binary when it is
 * installed, else a Chromium-family browser in app mode.
 */

export type ElectronProbe = { available: true; binary: string } | { available: false; reason: string };

/** `require('electron')` returns the binary's path, or throws when the binary was never downloaded. */
export function probeElectron(requireElectron: () => unknown = () => createRequire(import.meta.url)('electron')): ElectronProbe {
  try {
    const binary = requireElectron();
    if (typeof binary === 'string' && existsSync(binary)) return { available: true, binary };
    return { available: false, reason: 'the electron package did not name an existing binary' };
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return { available: false, reason: `Electron binary not installed (${message.split('\n')[0]})` };
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

/**
 * Chromium flags for an app-mode console window with its own profile.
 * Chromium refuses to start as root with its sandbox on; that only happens on
 * build and test machines, never on an operator's workstation.
 */
export function browserArgs(url: string, profileDir: string, asRoot = process.getuid?.() === 0): string[] {
  const args = [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--no-default-browser-check', '--disable-sync'];
  return asRoot ? [...args, '--no-sandbox'] : args;
}
