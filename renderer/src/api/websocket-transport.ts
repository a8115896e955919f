import type { ClientFrame, HostFrame } from '../../../native/api/index.ts';
import { isHostFrame, type OpenTransport, type Transport } from './transport.ts';

/** Where the browser shell's per-run token is kept so a reload without `?token=` still connects. */
export const API_TOKEN_STORAGE_KEY = 'egret.apiToken';

/**
 * The browser shell serves the page at `http://127.0.0.1:PORT/?token=XYZ`.
 * Reads the token from the address (or from sessionStorage after a reload),
 * remembers it for this tab, and removes it from the address bar so it does
 * not end up in history, bookmarks or screenshots.
 */
export function takeApiToken(loc: Location, storage: Storage, history: History): string | null {
  const url = new URL(loc.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    storage.setItem(API_TOKEN_STORAGE_KEY, fromQuery);
    url.searchParams.delete('token');
    // Keep history.state: vue-router's hash history stores its position there.
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromQuery;
  }
  return storage.getItem(API_TOKEN_STORAGE_KEY);
}

export function apiSocketUrl(loc: Location, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/api?token=${encodeURIComponent(token)}`;
}

class WebSocketTransport implements Transport {
  private readonly frameListeners: ((frame: HostFrame) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;

  constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let frame: unknown;
      try {
        frame = JSON.parse(event.data);
      } catch {
        console.warn('console host sent a frame that is not JSON');
        return;
      }
      if (!isHostFrame(frame)) return;
      for (const cb of this.frameListeners) cb(frame);
    });
    socket.addEventListener('close', () => this.markClosed());
  }

  send(frame: ClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  onFrame(cb: (frame: HostFrame) => void): void {
    this.frameListeners.push(cb);
  }

  onClose(cb: () => void): void {
    if (this.closed) cb();
    else this.closeListeners.push(cb);
  }

  close(): void {
    this.socket.close(1000, 'window closing');
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cb of this.closeListeners) cb();
  }
}

/** Opens `ws://<host>/api?token=…`; resolves once the socket is open. */
export function webSocketOpener(url: string | null, WebSocketImpl: typeof WebSocket = WebSocket): OpenTransport {
  return () =>
    new Promise<Transport>((resolve, reject) => {
      if (!url) {
        reject(new Error('the page address has no API token; open the console through the address "egret serve" prints'));
        return;
      }
      const socket = new WebSocketImpl(url);
      const onOpen = () => {
        socket.removeEventListener('close', onEarlyClose);
        resolve(new WebSocketTransport(socket));
      };
      // A refused upgrade (bad token, wrong origin) shows up only as a close.
      const onEarlyClose = (event: CloseEvent) => {
        socket.removeEventListener('open', onOpen);
        reject(new Error(`the console host refused or dropped the connection (code ${event.code})`));
      };
      socket.addEventListener('open', onOpen, { once: true });
      socket.addEventListener('close', onEarlyClose, { once: true });
    });
}
