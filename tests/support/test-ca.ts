import { generate } from 'selfsigned';

/**
 * A certificate authority of its own for tests of a camera gateway's trust
 * (`--ca`): a CA certificate and leaf certificates it signs for 127.0.0.1.
 * Nothing here is trusted by the system: only what a test is told to trust.
 */
export interface TestCa {
  /** The CA's key and certificate (PEM): the `--ca` bundle is `cert`. */
  key: string;
  cert: string;
  /** A server certificate for `host` (an IP address or a DNS name) signed by this CA. */
  leaf(host?: string, options?: { notAfter?: Date }): Promise<{ key: string; cert: string }>;
}

const DAY = 86_400_000;

export async function makeTestCa(name = 'Egret test gateway CA'): Promise<TestCa> {
  const ca = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 30 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
  return {
    key: ca.private,
    cert: ca.cert,
    async leaf(host = '127.0.0.1', options = {}) {
      const ip = /^[\d.]+$|:/.test(host);
      const made = await generate([{ name: 'commonName', value: host }], {
        keyType: 'ec',
        curve: 'P-256',
        algorithm: 'sha256',
        notBeforeDate: new Date(Date.now() - DAY),
        notAfterDate: options.notAfter ?? new Date(Date.now() + 30 * DAY),
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [ip ? { type: 7, ip: host } : { type: 2, value: host }] },
        ],
      });
      return { key: made.private, cert: made.cert };
    },
  };
}
