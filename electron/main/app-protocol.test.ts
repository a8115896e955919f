import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appFileHandler, registerAppScheme, resolveAppFile } from './app-protocol.ts';

const root = path.resolve('/opt/egret/dist/renderer');

describe('resolving app files', () => {
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppFile(root, 'egret://app/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'egret://app/assets/main-3f2a.js?v=1#x')).toBe(path.join(root, 'assets', 'main-3f2a.js'));
    expect(resolveAppFile(root, 'egret://app/assets/%E5%9C%B0%E5%9B%BE.png')).toBe(path.join(root, 'assets', '地图.png'));
  });

  it('serves index.html for the root and for client-side routes', () => {
    expect(resolveAppFile(root, 'egret://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'egret://app/board/open')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    'egret://app/../../etc/passwd',
    'egret://app/assets/../../../etc/passwd',
    'egret://app/%2e%2e/%2e%2e/etc/passwd',
    'egret://app/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'egret://app/..%2f..%2fetc%2fpasswd',
    'egret://app/..%5c..%5cwindows%5cwin.ini',
    'egret://app/assets/.%2e/.%2e/etc/passwd',
    'egret://app/index.html%00.png',
  ])('refuses the traversal %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it.each([
    'egret://other/index.html',
    'egret://evil@app/index.html',
    'egret://app:1/index.html',
    'file:///etc/passwd',
    'https://app/index.html',
    '%%',
  ])('refuses %s, which is not the app origin', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it('refuses malformed percent-encoding', () => {
    expect(resolveAppFile(root, 'egret://app/%E0%A4%A.js')).toBeNull();
  });
});

describe('serving app files', () => {
  const files: Record<string, string> = { [path.join(root, 'index.html')]: '<!doctype html>' };
  const handler = appFileHandler({
    rootDir: root,
    policy: () => "default-src 'none'",
    readFile: async (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    },
  });

  it('answers with the file, its type and the CSP', async () => {
    const response = await handler(new Request('egret://app/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html>');
  });

  it('refuses traversal with 403 and a missing file with 404, CSP on both', async () => {
    const refused = await handler(new Request('egret://app/..%2f..%2fetc%2fpasswd'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect((await handler(new Request('egret://app/missing.js'))).status).toBe(404);
  });

  it('serves reads only', async () => {
    expect((await handler(new Request('egret://app/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('registers egret as a standard, secure scheme that fetch() can use', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([APP_SCHEME_PRIVILEGES]);
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'egret', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});
