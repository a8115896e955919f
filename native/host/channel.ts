import type { HostFrame } from '../api/index.ts';

/**
 * One window's connection to the host, whatever carries it. Transports
 * (MessagePort, WebSocket) adapt themselves to this; the host knows nothing
 * else about them.
 */
export interface HostChannel {
  send(frame: HostFrame): void;
  /** Raw inbound data: a structured-cloned object or a JSON string. */
  onMessage(listener: (data: unknown) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

export interface PeerInfo {
  /** Free text for logs and the audit record: "ws 127.0.0.1:53122", "window 3". */
  label: string;
}
