import type { ClientFrame, HostFrame } from '../../../native/api/index.ts';

/**
 * One open connection to the console host, whatever carries it (MessagePort in
 * Electron, WebSocket in the browser shell). The client never sees which.
 */
export interface Transport {
  send(frame: ClientFrame): void;
  onFrame(cb: (frame: HostFrame) => void): void;
  /** Called once when the connection is gone, whoever closed it. */
  onClose(cb: () => void): void;
  close(): void;
}

/**
 * Opens a fresh connection. Resolves when frames can be sent; rejects when the
 * attempt failed (the client then retries with backoff).
 */
export type OpenTransport = () => Promise<Transport>;

/** Host frames are trusted (the host validates) but must at least have a shape. */
export function isHostFrame(value: unknown): value is HostFrame {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'response' || type === 'event';
}
