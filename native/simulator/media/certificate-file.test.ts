import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../common/logger.ts';
import { checkKeptCertificate, keptCertificate } from './certificate-file.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'egret-media-cert-'));
  dirs.push(dir);
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = {
    debug: () => {},
    info: (message, fields) => lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) => lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) => lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
  };
  return { file: join(dir, 'demo', 'media-cert.pem'), logger, lines };
}

describe('the demo media certificate kept in the data dir', () => {
  it('is made at the first start (key and certificate in one owner-only file) and reused after, so its pin holds', async () => {
    const { file, logger, lines } = setup();
    const first = await keptCertificate(file, { logger });
    expect(first.spki).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/BEGIN PRIVATE KEY[\s\S]+BEGIN CERTIFICATE/);
    expect(lines).toEqual([{ level: 'info', message: 'made the demo media certificate', fields: { file, spki: first.spki } }]);
    const again = await keptCertificate(file, { logger });
    expect(again).toEqual({ key: first.key, cert: first.cert, spki: first.spki });
    expect(lines).toHaveLength(1);
  });

  it('is made anew, with a warning naming the problem, when the file holds no usable key and certificate', async () => {
    const { file, logger, lines } = setup();
    const first = await keptCertificate(file, { logger });
    writeFileSync(file, 'not a certificate');
    const second = await keptCertificate(file, { logger });
    expect(second.spki).not.toBe(first.spki);
    expect(lines[1]).toMatchObject({ level: 'warn', fields: { file, problem: 'it does not hold a PRIVATE KEY and a CERTIFICATE block' } });
    expect(lines[1]!.message).toContain('its SPKI pin changes');
    expect(checkKeptCertificate(readFileSync(file, 'utf8'), Date.now())).toMatchObject({ spki: second.spki });
  });

  it('is made anew when its key belongs to another certificate, or it is about to expire', async () => {
    const { file, logger, lines } = setup();
    const a = await keptCertificate(file, { logger });
    const other = setup();
    const b = await keptCertificate(other.file, { logger: other.logger });
    expect(checkKeptCertificate(`${a.key}${b.cert}`, Date.now())).toEqual({ problem: 'its key does not belong to its certificate' });
    const expiring = checkKeptCertificate(`${a.key}${a.cert}`, Date.now() + 299 * 86_400_000);
    expect(expiring).toMatchObject({ problem: expect.stringMatching(/^its certificate expires /) });
    const renewed = await keptCertificate(file, { logger, now: () => Date.now() + 299 * 86_400_000 });
    expect(renewed.spki).not.toBe(a.spki);
    expect(lines.at(-2)).toMatchObject({ level: 'warn', fields: { problem: expect.stringMatching(/expires/) } });
  });
});
