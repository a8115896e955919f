import { isAppUrl } from './app-origin.ts';

/**
 * Electron security checklist #17: validate the sender of every IPC message.
 * A console page talks to the main process only to ask for its port; the
 * check still matters, because a frame that is not the console (an injected
 * iframe, a page navigated elsewhere by a bug) must never get a channel to
 * the host.
 */

/** The part of an `IpcMainInvokeEvent` the check reads. */
export interface IpcSenderEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

export function isTrustedSender(event: IpcSenderEvent): boolean {
  const frame = event.senderFrame;
  // null: the frame navigated or was destroyed before the message arrived.
  if (frame === null) return false;
  return frame.parent === null && isAppUrl(frame.url);
}

export class UntrustedSenderError extends Error {
  constructor(channel: string, url: string | undefined) {
    super(`refused "${channel}" from an untrusted frame (${url ?? 'no frame'})`);
    this.name = 'UntrustedSenderError';
  }
}

export interface IpcMainLike<E extends IpcSenderEvent> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
}

/**
 * Registers an invoke handler that runs only for trusted senders; others get
 * a rejected invoke and a log line, never the handler.
 */
export function validatedHandle<E extends IpcSenderEvent>(
  ipcMain: IpcMainLike<E>,
  channel: string,
  handler: (event: E, ...args: unknown[]) => unknown,
  onRefused: (error: UntrustedSenderError) => void = () => {},
): void {
  ipcMain.handle(channel, (event, ...args) => {
    if (!isTrustedSender(event)) {
      const error = new UntrustedSenderError(channel, event.senderFrame?.url);
      onRefused(error);
      throw error;
    }
    return handler(event, ...args);
  });
}
