import { createHash, X509Certificate } from 'node:crypto';

/**
 * Which camera-stream certificates a console window accepts beyond what
 * Chromium itself trusts. Two, and nothing else:
 *
 * - the embedded demo's media server (HTTPS + HTTP/2, so a wall of many tiles
 *   is not starved by HTTP/1.1's six connections per host) presents a
 *   self-signed certificate kept in the data dir: accepted when the host name
 *   is the demo media origin's and the certificate's SPKI hash is the one the
 *   host reported — the key is the demo's own, so nobody else can present it;
 * - a real deployment's camera gateways, whose certificates chain to the
 *   operator's `--ca` bundle (the same bundle the link trusts): accepted for
 *   the configured gateway origins' hosts only, when the chain the gateway
 *   presents verifies up to a certificate of that bundle, the leaf is valid now
 *   and names the host.
 *
 * Everything else gets Chromium's own verdict. Electron's verify proc is told
 * the host name, not the port; and its result is cached by the network
 * service, so the demo's origin and pin must be known (the host reports them
 * at start) before a window asks for a stream — a window only does once it
 * has the cameras, which come after.
 */

/** What Electron's `setCertificateVerifyProc` gives the proc (the parts used). */
export interface VerifyRequest {
  hostname: string;
  certificate: PresentedCertificate;
  /** Chromium's own result: 0 when it trusts the certificate. */
  errorCode: number;
}

/** Electron's `Certificate`: PEM `data`, and the issuer's as presented (the same object again at a self-signed root). */
export interface PresentedCertificate {
  data: string;
  issuerCert?: PresentedCertificate | null;
}

export interface MediaTrust {
  /** The embedded demo's media server, once the host has reported it. */
  demo: { origin: string; spki: string } | null;
  /** Camera gateways' origins (configured, and the platform's own). */
  gatewayOrigins: readonly string[];
  /** The `--ca` bundle (PEM), or null. */
  ca: string | null;
}

/** Electron's verify proc results. */
export const ACCEPT = 0;
export const USE_CHROMIUM_VERDICT = -3;

/** base64 sha256 of a certificate's SubjectPublicKeyInfo (Chromium's pin format). */
export function spkiOf(cert: X509Certificate): string {
  return createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

/** The certificates of a PEM bundle; blocks that do not parse are skipped (the CLI refused a broken bundle already). */
export function bundleCertificates(pem: string): X509Certificate[] {
  const certs: X509Certificate[] = [];
  for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
    try {
      certs.push(new X509Certificate(block));
    } catch {
      /* not a certificate: trusts nothing */
    }
  }
  return certs;
}

/** URL host names are bracketed for IPv6; certificates and Electron's `hostname` are not. */
const hostOf = (origin: string) => new URL(origin).hostname.replace(/^\[(.*)\]$/, '$1');

const validAt = (cert: X509Certificate, nowMs: number) => Date.parse(cert.validFrom) <= nowMs && nowMs <= Date.parse(cert.validTo);

function namesHost(cert: X509Certificate, host: string): boolean {
  return /^[\d.]+$|:/.test(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host) !== undefined;
}

/** `child` is signed by `parent`, and `parent` is a CA valid now. */
function signedBy(child: X509Certificate, parent: X509Certificate, nowMs: number): boolean {
  return parent.ca && validAt(parent, nowMs) && child.checkIssued(parent) && child.verify(parent.publicKey);
}

/**
 * The presented chain verifies up to a certificate of `anchors`: the leaf is
 * valid now and names `host`; each link is signed by the next presented CA
 * certificate, until one is signed by (or is) an anchor. No revocation or
 * name-constraint checks: the bundle is the operator's own CA.
 */
export function chainsTo(presented: PresentedCertificate, anchors: readonly X509Certificate[], host: string, nowMs: number): boolean {
  let current: X509Certificate;
  try {
    current = new X509Certificate(presented.data);
  } catch {
    return false;
  }
  if (!validAt(current, nowMs) || !namesHost(current, host)) return false;
  let next = presented.issuerCert ?? null;
  // A chain longer than this is no camera gateway's.
  for (let depth = 0; depth < 8; depth++) {
    const cur = current;
    if (anchors.some((anchor) => anchor.fingerprint256 === cur.fingerprint256)) return true;
    if (anchors.some((anchor) => signedBy(cur, anchor, nowMs))) return true;
    if (!next || next.data === presented.data) return false;
    let issuer: X509Certificate;
    try {
      issuer = new X509Certificate(next.data);
    } catch {
      return false;
    }
    if (issuer.fingerprint256 === cur.fingerprint256 || !signedBy(cur, issuer, nowMs)) return false;
    current = issuer;
    next = next.issuerCert && next.issuerCert.data !== next.data ? next.issuerCert : null;
  }
  return false;
}

/** The verdict for one certificate verification: ACCEPT, or Chromium's own. */
export function mediaCertificateVerdict(request: VerifyRequest, trust: MediaTrust, nowMs: number): number {
  if (request.errorCode === 0) return USE_CHROMIUM_VERDICT;
  let presented: X509Certificate;
  try {
    presented = new X509Certificate(request.certificate.data);
  } catch {
    return USE_CHROMIUM_VERDICT;
  }
  if (trust.demo && request.hostname === hostOf(trust.demo.origin) && spkiOf(presented) === trust.demo.spki) return ACCEPT;
  if (trust.ca && trust.gatewayOrigins.some((origin) => hostOf(origin) === request.hostname)) {
    if (chainsTo(request.certificate, bundleCertificates(trust.ca), request.hostname, nowMs)) return ACCEPT;
  }
  return USE_CHROMIUM_VERDICT;
}

/** The part of `Session` this touches. */
export interface VerifyingSession {
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (result: number) => void) => void): void;
}

/** Installs the check on a session; `trust` is asked on every verification (the host reports the demo's after start). */
export function installMediaTrust(
  session: VerifyingSession,
  trust: () => MediaTrust,
  options: { now?: () => number; onAccepted?: (hostname: string) => void } = {},
): void {
  const now = options.now ?? Date.now;
  session.setCertificateVerifyProc((request, callback) => {
    const verdict = mediaCertificateVerdict(request, trust(), now());
    if (verdict === ACCEPT) options.onAccepted?.(request.hostname);
    callback(verdict);
  });
}
