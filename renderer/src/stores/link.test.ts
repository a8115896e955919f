// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { LinkStatus } from '../../../native/api/index.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { linkStatus } from '../test-support/fake-host.ts';
import { useLinkStore } from './link.ts';

describe('link store', () => {
  it('a push that lands while a read is on its way is newer, and the read does not undo it', async () => {
    const app = storeTestApp({ link: { state: 'connecting' } });
    const reads: ((status: LinkStatus) => void)[] = [];
    app.host.handlers['link.status'] = () => new Promise<LinkStatus>((resolve) => reads.push(resolve));
    const link = app.run(() => useLinkStore());
    app.client.start();
    for (let i = 0; i < 3; i++) await settle();
    expect(reads).toHaveLength(1); // read on connect

    app.host.publish('link.status', linkStatus({ state: 'live' }));
    await settle();
    expect(link.state).toBe('live');
    reads[0]!(linkStatus({ state: 'connecting' }));
    for (let i = 0; i < 3; i++) await settle();
    expect(link.state).toBe('live');

    // With no push meanwhile, a read is the news.
    const read = link.refresh();
    await settle();
    reads[1]!(linkStatus({ state: 'offline' }));
    await read;
    expect(link.state).toBe('offline');
  });
});
