import { PORT_DELIVERY_CHANNEL } from '../channels.ts';

/**
 * The hand-off that gives one window a private line to the host: a fresh
 * MessageChannel whose one end goes to the host process and the other to the
 * page. The main process keeps neither end, so no frame ever passes through
 * it; when the window closes (or reloads), its end dies and the host sees
 * its end close.
 */

/** What the host child receives with `port1`. */
export interface ConnectMessage {
  type: 'connect';
  window: number;
  label: string;
}

export interface PortPair<P> {
  port1: P;
  port2: P;
}

/** The host's utility process, as far as wiring goes. */
export interface HostEndpoint<P> {
  postMessage(message: ConnectMessage, transfer: P[]): void;
}

/** A console window to wire: its id, a label for logs, and its page. */
export interface WindowEndpoint<P> {
  id: number;
  label: string;
  webContents: {
    isDestroyed(): boolean;
    postMessage(channel: string, message: unknown, transfer: P[]): void;
  };
}

/** Returns false when the page is already gone and nothing was sent. */
export function connectWindowToHost<P>(newChannel: () => PortPair<P>, host: HostEndpoint<P>, window: WindowEndpoint<P>): boolean {
  if (window.webContents.isDestroyed()) return false;
  const { port1, port2 } = newChannel();
  host.postMessage({ type: 'connect', window: window.id, label: window.label }, [port1]);
  window.webContents.postMessage(PORT_DELIVERY_CHANNEL, null, [port2]);
  return true;
}
