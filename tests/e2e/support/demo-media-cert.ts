import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSpki, mediaTrustArgs } from '../../../native/cli/launchers.ts';
import { demoMediaCertFile } from '../../../native/host/embedded-demo.ts';

/**
 * The demo media certificate of the end-to-end tests. Each test's console has
 * a fresh data dir, so each would make a fresh certificate (a new SPKI pin),
 * while Playwright launches its Chromium once, with its flags fixed. So every
 * console is given this one, as kept from an earlier start
 * (`<data dir>/demo/media-cert.pem`), and the browser is launched trusting it
 * exactly as `egret start` trusts a console's own (mediaTrustArgs). A test-only
 * key for 127.0.0.1, valid until 2036.
 */
export const E2E_MEDIA_CERT_FILE = fileURLToPath(new URL('./demo-media-cert.pem', import.meta.url));

/** The certificate (PEM) the e2e consoles' demo media servers present. */
export const E2E_MEDIA_CERT = readFileSync(E2E_MEDIA_CERT_FILE, 'utf8').replace(/^[\s\S]*?(?=-----BEGIN CERTIFICATE-----)/, '');

/** The Chromium flags that trust it (playwright.config.ts). */
export const e2eMediaTrustArgs = (): string[] => mediaTrustArgs(bundleSpki(E2E_MEDIA_CERT));

/** Puts the e2e certificate where a console started on `dataDir` keeps its demo media certificate. */
export function seedDemoMediaCertificate(dataDir: string): void {
  const file = demoMediaCertFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, readFileSync(E2E_MEDIA_CERT_FILE), { mode: 0o600 });
}
