import { describe, expect, it } from 'vitest';
import { serveArguments } from './serve-arguments.ts';
import { isServeMessage, SERVE_TOKEN_ENV, takeServeToken } from './serve-messages.ts';

describe('a supervised serve: its token from the environment, its arguments, its messages', () => {
  it('takes the token out of the environment, so nothing it starts inherits it', () => {
    const env: NodeJS.ProcessEnv = { [SERVE_TOKEN_ENV]: 'AbC_def-0123456789xyz', PATH: '/bin' };
    expect(takeServeToken(env)).toBe('AbC_def-0123456789xyz');
    expect(env).toEqual({ PATH: '/bin' });
    expect(takeServeToken({})).toBeUndefined();
  });

  it('refuses a token the pages could not carry in their address, or too short to guess', () => {
    expect(() => takeServeToken({ [SERVE_TOKEN_ENV]: 'short' })).toThrow(`${SERVE_TOKEN_ENV} must be 16 to 128 characters`);
    expect(() => takeServeToken({ [SERVE_TOKEN_ENV]: 'a token with spaces!' })).toThrow(SERVE_TOKEN_ENV);
  });

  it("gives serve egret start's data dir, port and options, and never the console's token", () => {
    expect(
      serveArguments({
        port: 4100,
        dataDir: '/data',
        demo: true,
        demoRate: 20,
        mapTiles: 'https://tiles/{z}/{x}/{y}.png',
        mapDatum: 'gcj02',
        mediaOrigins: ['https://cam1:8443', 'https://cam2'],
      }),
    ).toEqual([
      'serve', '--port', '4100', '--data', '/data', '--demo', '--demo-rate', '20',
      '--map-tiles', 'https://tiles/{z}/{x}/{y}.png', '--map-datum', 'gcj02',
      '--media-origin', 'https://cam1:8443', '--media-origin', 'https://cam2',
    ]);
    expect(serveArguments({ port: 0, dataDir: '/d', demo: false, platform: 'wss://p/link', platformToken: 'op', ca: '/ca.pem', mediaOrigins: [] })).toEqual([
      'serve', '--port', '0', '--data', '/d', '--platform', 'wss://p/link', '--token', 'op', '--ca', '/ca.pem',
    ]);
  });

  it('knows a serve message from anything else on the channel', () => {
    expect(isServeMessage({ type: 'egret-serve', state: 'ready' })).toBe(true);
    expect(isServeMessage({ type: 'egret-serve', state: 'listening', url: 'http://x', port: 1 })).toBe(true);
    expect(isServeMessage({ type: 'egret-serve', state: 'listening', url: 'http://x' })).toBe(false);
    expect(isServeMessage({ type: 'egret-serve', state: 'trust', mediaSpki: ['a'] })).toBe(true);
    expect(isServeMessage({ type: 'egret-serve', state: 'trust', mediaSpki: [1] })).toBe(false);
    expect(isServeMessage({ type: 'other', state: 'ready' })).toBe(false);
    expect(isServeMessage(null)).toBe(false);
  });
});
