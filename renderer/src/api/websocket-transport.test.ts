import { describe, expect, it } from 'vitest';
import { API_TOKEN_STORAGE_KEY, apiSocketUrl, takeApiToken } from './websocket-transport.ts';

function fakeStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  } as Storage;
}

function fakeHistory() {
  const replaced: string[] = [];
  const history = { state: { back: null }, replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url) } as unknown as History;
  return { history, replaced };
}

describe('browser shell API token', () => {
  it('is read from ?token=, remembered for the tab and removed from the address (hash kept)', () => {
    const storage = fakeStorage();
    const { history, replaced } = fakeHistory();
    const loc = new URL('http://127.0.0.1:5170/?token=abc%2B1#/chief') as unknown as Location;
    expect(takeApiToken(loc, storage, history)).toBe('abc+1');
    expect(storage.getItem(API_TOKEN_STORAGE_KEY)).toBe('abc+1');
    expect(replaced).toEqual(['/#/chief']);
  });

  it('survives a reload without the query', () => {
    const storage = fakeStorage();
    storage.setItem(API_TOKEN_STORAGE_KEY, 'kept');
    const { history, replaced } = fakeHistory();
    expect(takeApiToken(new URL('http://127.0.0.1:5170/#/taker') as unknown as Location, storage, history)).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('builds the socket address on the page host, token encoded', () => {
    const loc = new URL('http://127.0.0.1:5170/') as unknown as Location;
    expect(apiSocketUrl(loc, 'a b&c')).toBe('ws://127.0.0.1:5170/api?token=a%20b%26c');
  });
});
