import type { HostFrame } from '../../api/index.ts';
import type { HostChannel } from '../channel.ts';

/**
 * A window's channel over a MessagePort (Electron's MessagePortMain in the
 * utility process). Frames are structured-cloned objects, never JSON.
 * Described by shape so that native/ stays free of Electron.
 */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export class WindowChannelClosedError extends Error {
  constructor() {
    super('the window channel is closed');
    this.name = 'WindowChannelClosedError';
  }
}

export function messagePortChannel(port: MessagePortLike): HostChannel {
  const messageListeners: ((data: unknown) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  let started = false;
  let closed = false;

  // Electron emits 'close' only when the *other* end goes away; closing our
  // own end must tell the host too, exactly once either way.
  const markClosed = () => {
    if (closed) return;
    closed = true;
    for (const listener of closeListeners) listener();
  };

  port.on('message', (event) => {
    if (closed) return;
    for (const listener of messageListeners) listener(event.data);
  });
  port.on('close', markClosed);

  return {
    send(frame: HostFrame) {
      if (closed) throw new WindowChannelClosedError();
      port.postMessage(frame);
    },
    onMessage(listener) {
      messageListeners.push(listener);
      // A MessagePortMain queues messages until start(); starting only once
      // someone listens means none is delivered to nobody.
      if (!started) {
        started = true;
        port.start();
      }
    },
    onClose(listener) {
      if (closed) listener();
      else closeListeners.push(listener);
    },
    close() {
      if (closed) return;
      port.close();
      markClosed();
    },
  };
}
