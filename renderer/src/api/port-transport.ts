import type { ClientFrame, HostFrame } from '../../../native/api/index.ts';
import { isHostFrame, type OpenTransport, type Transport } from './transport.ts';

/** What the preload posts to the page, with the host's MessagePort attached. */
export const PORT_MESSAGE = 'egret:port';

class PortTransport implements Transport {
  private readonly frameListeners: ((frame: HostFrame) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.addEventListener('message', (event) => {
      if (!isHostFrame(event.data)) return;
      for (const cb of this.frameListeners) cb(event.data);
    });
    // Chromium fires `close` on a port whose other end went away (a crashed core).
    port.addEventListener('close', () => this.markClosed());
    port.start();
  }

  send(frame: ClientFrame): void {
    this.port.postMessage(frame);
  }

  onFrame(cb: (frame: HostFrame) => void): void {
    this.frameListeners.push(cb);
  }

  onClose(cb: () => void): void {
    if (this.closed) cb();
    else this.closeListeners.push(cb);
  }

  close(): void {
    this.port.close();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cb of this.closeListeners) cb();
  }
}

/**
 * Collects the ports the preload hands over. Listening starts at construction,
 * so a port posted before the client asks is not missed. A newer port
 * supersedes the open one (the core restarted): the old transport is closed
 * and the client's reconnect picks up the new port.
 */
export class PortInbox {
  private waiting: ((port: MessagePort) => void) | null = null;
  private queued: MessagePort | null = null;
  private active: Transport | null = null;

  constructor(private readonly win: Window) {
    win.addEventListener('message', this.receive);
  }

  readonly open: OpenTransport = async () => {
    const port =
      this.queued ??
      (await new Promise<MessagePort>((resolve) => {
        this.waiting = resolve;
      }));
    this.queued = null;
    const transport = new PortTransport(port);
    this.active = transport;
    transport.onClose(() => {
      if (this.active === transport) this.active = null;
    });
    return transport;
  };

  dispose(): void {
    this.win.removeEventListener('message', this.receive);
  }

  private readonly receive = (event: MessageEvent): void => {
    // Only this window (the page or its preload) may hand over a port; never a frame inside it.
    if (event.source !== this.win || event.data !== PORT_MESSAGE || !event.ports[0]) return;
    const port = event.ports[0];
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(port);
      return;
    }
    this.queued?.close();
    this.queued = port;
    this.active?.close();
  };
}
