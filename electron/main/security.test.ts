import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  ALLOWED_PERMISSIONS,
  contentSecurityPolicy,
  installSecurityHooks,
  isAllowedNavigation,
  mediaOriginsFrom,
  permissionDecision,
  windowOpenDecision,
  windowWebPreferences,
  type GuardedContents,
  type GuardedSession,
} from './security.ts';

describe('window web preferences', () => {
  it('isolate, sandbox and strip Node from every page', () => {
    expect(windowWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('never turn on Blink features or other escape hatches', () => {
    const prefs = windowWebPreferences('/p.cjs');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('can close dev tools in a packaged console', () => {
    expect(windowWebPreferences('/p.cjs', { devTools: false }).devTools).toBe(false);
  });
});

describe('navigation', () => {
  it.each([
    'egret://app/index.html',
    'egret://app/board?tab=open#top',
    'egret://app/',
    // Workspace windows (issue 13) and their reloads after a crash or hang: the same document with a hash route.
    'egret://app/index.html#/w/map',
    'egret://app/index.html#/w/traffic-video?recovered=crash',
    'egret://app/index.html#/chief?recovered=hang',
  ])('stays on the console: %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([
    'http://evil.example/',
    'https://egret.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'egret://other/index.html',
    'egret://app:8080/index.html',
    'egret://evil@app/index.html',
    'https://evil.example/index.html#/w/map',
    'egret://app.evil.example/index.html#/w/map',
    'about:blank',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('denies every new window, own origin included', () => {
    for (const url of ['https://example.com/', 'egret://app/index.html', 'about:blank']) {
      expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
    }
  });
});

describe('permissions', () => {
  const own = { requestingUrl: 'egret://app/index.html' };

  it.each([...ALLOWED_PERMISSIONS])('grants %s to the console page', (permission) => {
    expect(permissionDecision(permission, own)).toBe(true);
  });

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture', 'hid', 'unknown'])(
    'refuses %s',
    (permission) => {
      expect(permissionDecision(permission, own)).toBe(false);
    },
  );

  it('refuses even allowed permissions to another origin', () => {
    expect(permissionDecision('fullscreen', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(permissionDecision('fullscreen', {})).toBe(false);
  });

  it('answers permission checks by requesting origin', () => {
    expect(permissionDecision('clipboard-sanitized-write', { requestingOrigin: 'egret://app' })).toBe(true);
  });
});

describe('content security policy', () => {
  const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('allows scripts from the app only and nothing that frames, embeds or re-bases it', () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toContain('unsafe-eval');
  });

  it('lets video tiles and map images come from blob:, data: and the configured gateways', () => {
    const policy = directives(contentSecurityPolicy(['https://cams.example.gov', 'http://10.1.2.3:8080']));
    expect(policy.get('media-src')).toEqual(["'self'", 'blob:', 'data:', 'https://cams.example.gov', 'http://10.1.2.3:8080']);
    expect(policy.get('img-src')).toEqual(["'self'", 'blob:', 'data:', 'https://cams.example.gov', 'http://10.1.2.3:8080']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://cams.example.gov', 'http://10.1.2.3:8080']);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
  });

  it("lets map tiles come from the configured tile server, as images only", () => {
    const policy = directives(contentSecurityPolicy(['https://cams.example.gov'], ['https://gis.xm.gov:8443']));
    expect(policy.get('img-src')).toEqual(["'self'", 'blob:', 'data:', 'https://cams.example.gov', 'https://gis.xm.gov:8443']);
    expect(policy.get('media-src')).toEqual(["'self'", 'blob:', 'data:', 'https://cams.example.gov']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://cams.example.gov']);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });

  it('takes only bare http(s) origins from configuration', () => {
    expect(mediaOriginsFrom(undefined)).toEqual([]);
    expect(mediaOriginsFrom(' https://cams.example.gov/ , http://10.1.2.3:8080')).toEqual([
      'https://cams.example.gov',
      'http://10.1.2.3:8080',
    ]);
    for (const bad of ['*', "'unsafe-inline'", 'https://cams.example.gov/path', 'ftp://x.example', 'wss://x.example', 'https://*.example.gov']) {
      expect(() => mediaOriginsFrom(bad), bad).toThrow(/origin/);
    }
  });
});

describe('security hooks', () => {
  function install() {
    const handlers: {
      request?: Parameters<GuardedSession['setPermissionRequestHandler']>[0];
      check?: Parameters<GuardedSession['setPermissionCheckHandler']>[0];
      device?: Parameters<GuardedSession['setDevicePermissionHandler']>[0];
      headers?: Parameters<GuardedSession['webRequest']['onHeadersReceived']>[0];
    } = {};
    const session: GuardedSession = {
      setPermissionRequestHandler: (h) => (handlers.request = h),
      setPermissionCheckHandler: (h) => (handlers.check = h),
      setDevicePermissionHandler: (h) => (handlers.device = h),
      webRequest: { onHeadersReceived: (h) => (handlers.headers = h) },
    };
    const app = new EventEmitter();
    const refused = vi.fn();
    installSecurityHooks(session, app, { policy: () => "script-src 'self'", onRefused: refused });

    const contents = Object.assign(new EventEmitter(), { openHandler: null as null | ((d: { url: string }) => { action: 'deny' }) });
    const guarded = contents as unknown as GuardedContents;
    guarded.setWindowOpenHandler = (h) => (contents.openHandler = h);
    app.emit('web-contents-created', {}, guarded);
    return { handlers, contents, refused };
  }

  const navigate = (contents: EventEmitter, event: 'will-navigate' | 'will-redirect', url: string) => {
    const preventDefault = vi.fn();
    contents.emit(event, { preventDefault }, url);
    return preventDefault.mock.calls.length > 0;
  };

  it('stops navigation and redirects away from the console', () => {
    const { contents, refused } = install();
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'egret://app/index.html')).toBe(false);
    expect(refused).toHaveBeenCalledWith('navigation', { url: 'https://evil.example/' });
  });

  it('denies window.open and refuses to attach a webview', () => {
    const { contents } = install();
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('answers permission requests and checks from the allow-list', () => {
    const { handlers } = install();
    const answers: boolean[] = [];
    handlers.request?.({}, 'media', (granted) => answers.push(granted), { requestingUrl: 'egret://app/index.html' });
    handlers.request?.({}, 'fullscreen', (granted) => answers.push(granted), { requestingUrl: 'egret://app/index.html' });
    expect(answers).toEqual([false, true]);
    expect(handlers.check?.({}, 'notifications', 'egret://app', {})).toBe(false);
    expect(handlers.check?.({}, 'clipboard-sanitized-write', 'egret://app', {})).toBe(true);
    expect(handlers.device?.({})).toBe(false);
  });

  it('puts the CSP on every HTTP response', () => {
    const { handlers } = install();
    let headers: Record<string, string[] | string> | undefined;
    handlers.headers?.({ responseHeaders: { 'Content-Type': ['video/mp2t'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['video/mp2t'], 'Content-Security-Policy': ["script-src 'self'"] });
  });
});
