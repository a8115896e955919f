import { ConsoleClient } from './client.ts';
import { PortInbox } from './port-transport.ts';
import { apiSocketUrl, takeApiToken, webSocketOpener } from './websocket-transport.ts';

/**
 * Builds the client for whichever shell loaded the page: Electron serves it
 * from `egret://app/…` and hands over a MessagePort; anything else is the
 * browser shell, reached over a WebSocket on the page's own host.
 */
export function createConsoleClientForShell(win: Window = window): ConsoleClient {
  if (win.location.protocol === 'egret:') {
    return new ConsoleClient({ openTransport: new PortInbox(win).open });
  }
  const token = takeApiToken(win.location, win.sessionStorage, win.history);
  return new ConsoleClient({ openTransport: webSocketOpener(token ? apiSocketUrl(win.location, token) : null) });
}
