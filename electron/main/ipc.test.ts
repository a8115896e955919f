import { describe, expect, it, vi } from 'vitest';
import { isTrustedSender, UntrustedSenderError, validatedHandle, type IpcSenderEvent } from './ipc.ts';

const topFrame = (url: string): IpcSenderEvent => ({ senderFrame: { url, parent: null } });

describe('IPC sender check', () => {
  it('trusts the console page in its top frame', () => {
    expect(isTrustedSender(topFrame('egret://app/index.html'))).toBe(true);
  });

  it.each(['egret://app/index.html#/w/map', 'egret://app/index.html#/w/wall-2?recovered=crash'])('trusts a workspace window of the console: %s', (url) => {
    expect(isTrustedSender(topFrame(url))).toBe(true);
  });

  it.each(['https://evil.example/#/w/map', 'egret://app.evil.example/index.html#/w/map', 'https://evil.example/', 'file:///tmp/x.html', 'egret://other/index.html', 'about:blank', 'data:text/html,x'])(
    'refuses a top frame on %s',
    (url) => {
      expect(isTrustedSender(topFrame(url))).toBe(false);
    },
  );

  it('refuses a subframe, even one on the app origin', () => {
    const parent = { url: 'egret://app/index.html', parent: null };
    expect(isTrustedSender({ senderFrame: { url: 'egret://app/index.html', parent } })).toBe(false);
  });

  it('refuses a sender whose frame is gone', () => {
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
  });
});

describe('validated handlers', () => {
  function register() {
    let listener: ((event: IpcSenderEvent, ...args: unknown[]) => unknown) | undefined;
    const handler = vi.fn(() => 'port on its way');
    const refused = vi.fn();
    validatedHandle({ handle: (_channel, l) => (listener = l) }, 'egret:request-port', handler, refused);
    return { invoke: (event: IpcSenderEvent) => listener!(event), handler, refused };
  }

  it('runs the handler for the console page', () => {
    const { invoke, handler } = register();
    expect(invoke(topFrame('egret://app/index.html'))).toBe('port on its way');
    expect(handler).toHaveBeenCalledOnce();
  });

  it('rejects a foreign origin without running the handler', () => {
    const { invoke, handler, refused } = register();
    expect(() => invoke(topFrame('https://evil.example/'))).toThrow(UntrustedSenderError);
    expect(handler).not.toHaveBeenCalled();
    expect(refused.mock.calls[0]?.[0].message).toContain('https://evil.example/');
  });

  it('rejects a subframe without running the handler', () => {
    const { invoke, handler } = register();
    const parent = { url: 'egret://app/index.html', parent: null };
    expect(() => invoke({ senderFrame: { url: 'egret://app/index.html', parent } })).toThrow(/untrusted frame/);
    expect(handler).not.toHaveBeenCalled();
  });
});
