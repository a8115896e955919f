import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir.ts';
import { platformConfig } from './link-options.ts';
import { mediaGatewaysFrom, parseMediaOrigin } from './media-options.ts';
import { UsageError } from './usage.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('camera gateways on the command line (--media-origin, --ca)', () => {
  it('takes bare http(s) origins, each once, a trailing slash forgiven', () => {
    expect(mediaGatewaysFrom({ mediaOrigin: ['https://cams.xm.gov.cn:8443/', 'http://10.1.2.3:8080', 'https://cams.xm.gov.cn:8443'] })).toEqual({
      origins: ['https://cams.xm.gov.cn:8443', 'http://10.1.2.3:8080'],
      ca: null,
    });
    expect(mediaGatewaysFrom({})).toEqual({ origins: [], ca: null });
  });

  it('refuses anything but a bare http(s) origin as a usage error that says what was expected', () => {
    for (const bad of ['cams.xm.gov.cn', 'https://cams.xm.gov.cn/hls', 'https://*.xm.gov.cn', "'unsafe-inline'", 'rtsp://10.1.2.3', 'https://u:p@cams.xm.gov.cn']) {
      expect(() => parseMediaOrigin(bad), bad).toThrow(UsageError);
      expect(() => parseMediaOrigin(bad), bad).toThrow(/--media-origin/);
    }
  });

  it('lets --ca go with --media-origin alone (the gateway it trusts), but not alone', () => {
    const dir = tempDir('media-options');
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, PEM);
    expect(platformConfig({ ca, mediaOrigin: ['https://127.0.0.1:9443'] })).toBeNull();
    expect(mediaGatewaysFrom({ ca, mediaOrigin: ['https://127.0.0.1:9443'] }).ca?.toString()).toBe(PEM);
    expect(() => platformConfig({ ca })).toThrow('--ca needs --platform or --media-origin');
    expect(() => platformConfig({ token: 't' })).toThrow('--token needs --platform');
    writeFileSync(ca, 'nothing');
    expect(() => mediaGatewaysFrom({ ca, mediaOrigin: ['https://127.0.0.1:9443'] })).toThrow(/is not a PEM CA bundle/);
  });
});
