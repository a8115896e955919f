import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../common/logger.ts';
import { selfSignedCertificate, spkiSha256 } from './server.ts';

/**
 * The demo media server's key and certificate, kept in one PEM file
 * (`<data dir>/demo/media-cert.pem`) so that its SPKI hash — what the
 * console's browser is told to trust (`--ignore-certificate-errors-spki-list`,
 * Electron's certificate check) — stays the same from one start to the next.
 * A fresh certificate per start would need a fresh pin per start, and a
 * browser profile that cached the old connection would see a mismatch.
 */

export interface KeptCertificate {
  key: string;
  cert: string;
  /** base64 sha256 of the certificate's SubjectPublicKeyInfo. */
  spki: string;
}

/** A kept certificate is replaced this long before it expires, so a start never serves an expired one. */
const RENEW_BEFORE_MS = 7 * 86_400_000;

/** The key and certificate in `pem` if they are usable at `nowMs`, else why not. */
export function checkKeptCertificate(pem: string, nowMs: number): KeptCertificate | { problem: string } {
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0].replace(/\r\n/g, '\n');
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0].replace(/\r\n/g, '\n');
  if (!key || !cert) return { problem: 'it does not hold a PRIVATE KEY and a CERTIFICATE block' };
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) return { problem: 'its key does not belong to its certificate' };
  } catch (error) {
    return { problem: `it does not parse (${(error as Error).message})` };
  }
  if (Date.parse(x509.validTo) - RENEW_BEFORE_MS <= nowMs) return { problem: `its certificate expires ${x509.validTo}` };
  return { key: `${key}\n`, cert: `${cert}\n`, spki: spkiSha256(cert) };
}

/**
 * The certificate kept in `file`, or a new self-signed one written there when
 * there is none, or when the one there cannot be used (said in the log: the
 * pin changes, and an operator who pinned it elsewhere must know).
 */
export async function keptCertificate(file: string, options: { logger: Logger; now?: () => number; host?: string }): Promise<KeptCertificate> {
  const now = options.now ?? Date.now;
  let pem: string | null = null;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      options.logger.warn('the demo media certificate is unreadable; making a new one (its SPKI pin changes)', {
        file,
        error: (error as Error).message,
      });
    }
  }
  if (pem !== null) {
    const kept = checkKeptCertificate(pem, now());
    if (!('problem' in kept)) return kept;
    options.logger.warn('the demo media certificate cannot be used; making a new one (its SPKI pin changes)', { file, problem: kept.problem });
  }
  const fresh = await selfSignedCertificate(options.host ?? '127.0.0.1');
  const made = { key: `${fresh.key.trim()}\n`, cert: `${fresh.cert.trim()}\n` };
  mkdirSync(dirname(file), { recursive: true });
  // Written whole, then renamed: a start that dies half-way leaves the old file or none, never half a key.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, made.key + made.cert, { mode: 0o600 });
  renameSync(partial, file);
  const spki = spkiSha256(made.cert);
  options.logger.info('made the demo media certificate', { file, spki });
  return { key: made.key, cert: made.cert, spki };
}
