import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CdpError, CdpPipe } from './cdp-pipe.ts';

/** Both ends of a DevTools pipe: what the client writes to the browser, and what the browser writes back. */
function pipePair() {
  const toBrowser = new PassThrough();
  const fromBrowser = new PassThrough();
  const written: string[] = [];
  let partial = '';
  toBrowser.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\0');
    partial = parts.pop()!;
    written.push(...parts);
  });
  return { cdp: new CdpPipe(toBrowser, fromBrowser), fromBrowser, written: () => written.map((w) => JSON.parse(w) as Record<string, unknown>) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CdpPipe: DevTools over --remote-debugging-pipe (NUL-ended JSON)', () => {
  it('sends each command as one NUL-ended JSON message with its own id, and resolves it with its answer', async () => {
    const { cdp, fromBrowser, written } = pipePair();
    const targets = cdp.send('Target.getTargets');
    const navigated = cdp.send('Page.navigate', { url: 'http://x/' }, 'S1');
    await settle();
    expect(written()).toEqual([
      { id: 1, method: 'Target.getTargets', params: {} },
      { id: 2, method: 'Page.navigate', params: { url: 'http://x/' }, sessionId: 'S1' },
    ]);
    fromBrowser.write(JSON.stringify({ id: 2, result: { frameId: 'F' } }) + '\0' + JSON.stringify({ id: 1, result: { targetInfos: [] } }) + '\0');
    await expect(navigated).resolves.toEqual({ frameId: 'F' });
    await expect(targets).resolves.toEqual({ targetInfos: [] });
  });

  it('reassembles messages split across reads, and gives events to their listeners with their session', async () => {
    const { cdp, fromBrowser } = pipePair();
    const seen: unknown[] = [];
    cdp.on('Target.targetCrashed', (params, sessionId) => seen.push({ params, sessionId }));
    const text = JSON.stringify({ method: 'Target.targetCrashed', params: { targetId: '中文-T' }, sessionId: 'S' }) + '\0';
    const bytes = Buffer.from(text);
    fromBrowser.write(bytes.subarray(0, 10));
    fromBrowser.write(bytes.subarray(10, 31));
    await settle();
    expect(seen).toEqual([]);
    fromBrowser.write(bytes.subarray(31));
    await settle();
    expect(seen).toEqual([{ params: { targetId: '中文-T' }, sessionId: 'S' }]);
  });

  it("rejects with DevTools' error, and every waiting command when the browser closes the pipe", async () => {
    const { cdp, fromBrowser } = pipePair();
    const refused = cdp.send('Browser.grantPermissions');
    const waiting = cdp.send('Target.createTarget');
    fromBrowser.write(JSON.stringify({ id: 1, error: { code: -32000, message: 'Unknown permission type' } }) + '\0');
    await expect(refused).rejects.toThrow(new CdpError('Browser.grantPermissions', 'Unknown permission type'));
    fromBrowser.end();
    await cdp.closed;
    await expect(waiting).rejects.toThrow('Target.createTarget: the browser closed its DevTools pipe');
    await expect(cdp.send('Target.getTargets')).rejects.toThrow('closed');
  });
});
