import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa, type TestCa } from '../../tests/support/test-ca.ts';
import { selfSignedCertificate, spkiSha256 } from '../../native/simulator/media/server.ts';
import {
  ACCEPT,
  USE_CHROMIUM_VERDICT,
  installMediaTrust,
  mediaCertificateVerdict,
  type MediaTrust,
  type PresentedCertificate,
  type VerifyRequest,
} from './media-trust.ts';

// A console window accepts exactly two kinds of camera-stream certificates
// beyond Chromium's own trust: the embedded demo's (by its SPKI pin, at the
// demo media origin's host) and a gateway's chaining to the --ca bundle (at a
// configured gateway's host). Everything else gets Chromium's verdict.

const CERT_INVALID = -202; // net::ERR_CERT_AUTHORITY_INVALID, what Chromium says of an unknown issuer
const NOW = Date.now();

let demo: { key: string; cert: string };
let otherSelfSigned: { key: string; cert: string };
let ca: TestCa;
let strangerCa: TestCa;
let gatewayLeaf: { key: string; cert: string };
let namedLeaf: { key: string; cert: string };
let strangerLeaf: { key: string; cert: string };

beforeAll(async () => {
  demo = await selfSignedCertificate('127.0.0.1');
  otherSelfSigned = await selfSignedCertificate('127.0.0.1');
  ca = await makeTestCa();
  strangerCa = await makeTestCa('Some other CA');
  gatewayLeaf = await ca.leaf('127.0.0.1');
  namedLeaf = await ca.leaf('cams.xm.gov.cn');
  strangerLeaf = await strangerCa.leaf('127.0.0.1');
});

/** As Electron presents a chain: the leaf, its issuer, …, a self-signed root pointing at itself. */
function chain(...pems: string[]): PresentedCertificate {
  const certs: PresentedCertificate[] = pems.map((data) => ({ data }));
  certs.forEach((c, i) => (c.issuerCert = certs[i + 1] ?? c));
  return certs[0]!;
}

const request = (hostname: string, certificate: PresentedCertificate, errorCode = CERT_INVALID): VerifyRequest => ({ hostname, certificate, errorCode });

const trust = (over: Partial<MediaTrust> = {}): MediaTrust => ({
  demo: { origin: 'https://127.0.0.1:41443', spki: spkiSha256(demo.cert) },
  gatewayOrigins: ['https://cams.xm.gov.cn:8443', 'https://127.0.0.1:9443'],
  ca: ca.cert,
  ...over,
});

describe("the embedded demo's media certificate", () => {
  it('is accepted at the demo media host when its SPKI is the pinned one', () => {
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(demo.cert)), trust({ ca: null, gatewayOrigins: [] }), NOW)).toBe(ACCEPT);
  });

  it('is not accepted at another host, nor is another self-signed certificate at the demo host, nor before the host reported it', () => {
    const t = trust({ ca: null, gatewayOrigins: [] });
    expect(mediaCertificateVerdict(request('localhost', chain(demo.cert)), t, NOW)).toBe(USE_CHROMIUM_VERDICT);
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(otherSelfSigned.cert)), t, NOW)).toBe(USE_CHROMIUM_VERDICT);
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(demo.cert)), { ...t, demo: null }, NOW)).toBe(USE_CHROMIUM_VERDICT);
  });
});

describe("a camera gateway's certificate and the --ca bundle", () => {
  it('is accepted at a configured gateway host when it chains to the bundle, whether or not the gateway sends the CA', () => {
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(gatewayLeaf.cert, ca.cert)), trust({ demo: null }), NOW)).toBe(ACCEPT);
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(gatewayLeaf.cert)), trust({ demo: null }), NOW)).toBe(ACCEPT);
    expect(mediaCertificateVerdict(request('cams.xm.gov.cn', chain(namedLeaf.cert, ca.cert)), trust(), NOW)).toBe(ACCEPT);
  });

  it('is not accepted for a host that is no configured gateway, a leaf naming another host, or another CA', () => {
    const t = trust({ demo: null });
    expect(mediaCertificateVerdict(request('10.9.9.9', chain(gatewayLeaf.cert, ca.cert)), t, NOW)).toBe(USE_CHROMIUM_VERDICT);
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(namedLeaf.cert, ca.cert)), t, NOW)).toBe(USE_CHROMIUM_VERDICT);
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(strangerLeaf.cert, strangerCa.cert)), t, NOW)).toBe(USE_CHROMIUM_VERDICT);
    // A stranger's leaf that presents our CA as its issuer does not verify against it.
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(strangerLeaf.cert, ca.cert)), t, NOW)).toBe(USE_CHROMIUM_VERDICT);
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(gatewayLeaf.cert, ca.cert)), { ...t, ca: null }, NOW)).toBe(USE_CHROMIUM_VERDICT);
  });

  it('is not accepted once the leaf has expired (by the injected clock)', () => {
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(gatewayLeaf.cert, ca.cert)), trust(), NOW + 31 * 86_400_000)).toBe(USE_CHROMIUM_VERDICT);
  });

  it('leaves what Chromium trusts by itself to Chromium, and a certificate that does not parse too', () => {
    expect(mediaCertificateVerdict(request('127.0.0.1', chain(demo.cert), 0), trust(), NOW)).toBe(USE_CHROMIUM_VERDICT);
    expect(mediaCertificateVerdict(request('127.0.0.1', { data: 'garbage' }), trust(), NOW)).toBe(USE_CHROMIUM_VERDICT);
  });
});

describe('the check on a session', () => {
  it('answers each verification by the trust as it is then (the demo is reported after start)', () => {
    let proc: ((r: VerifyRequest, cb: (n: number) => void) => void) | null = null;
    let current = trust({ demo: null, ca: null, gatewayOrigins: [] });
    const accepted: string[] = [];
    installMediaTrust({ setCertificateVerifyProc: (p) => (proc = p) }, () => current, { now: () => NOW, onAccepted: (h) => accepted.push(h) });
    const verdicts: number[] = [];
    proc!(request('127.0.0.1', chain(demo.cert)), (n) => verdicts.push(n));
    current = trust({ ca: null, gatewayOrigins: [] });
    proc!(request('127.0.0.1', chain(demo.cert)), (n) => verdicts.push(n));
    expect(verdicts).toEqual([USE_CHROMIUM_VERDICT, ACCEPT]);
    expect(accepted).toEqual(['127.0.0.1']);
  });
});
