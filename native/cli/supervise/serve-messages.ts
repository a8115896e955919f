import { Socket } from 'node:net';
import { HANDED_CONNECTION, HANDED_LISTEN } from './listen-socket.ts';

/**
 * What a supervised `egret serve` tells `egret start` over its IPC channel,
 * and how it is given its token. The token travels in the environment, never
 * on the command line, where `ps` would show it to every user of the machine.
 */

/** The environment variable naming the browser shell's API token a supervised serve must use. */
export const SERVE_TOKEN_ENV = 'EGRET_SERVE_TOKEN';

/** Set ('1') when the supervisor hands the serve its listening socket (listen-socket.ts) rather than a port to bind. */
export const SERVE_HANDED_ENV = 'EGRET_SERVE_HANDED';

/** The server listens: the pages can load. */
export interface ServeListening {
  type: 'egret-serve';
  state: 'listening';
  url: string;
  port: number;
}

/**
 * The certificates the browser must trust (launchers.ts mediaTrustArgs): the
 * embedded demo's media certificate, known a little after the server listens.
 */
export interface ServeTrust {
  type: 'egret-serve';
  state: 'trust';
  mediaSpki: string[];
}

/** The console's core is whole (the data dir open, the platform started). */
export interface ServeReady {
  type: 'egret-serve';
  state: 'ready';
}

export type ServeMessage = ServeListening | ServeTrust | ServeReady;

export function isServeMessage(message: unknown): message is ServeMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { type?: unknown; state?: unknown; url?: unknown; port?: unknown; mediaSpki?: unknown };
  if (m.type !== 'egret-serve') return false;
  if (m.state === 'ready') return true;
  if (m.state === 'trust') return Array.isArray(m.mediaSpki) && m.mediaSpki.every((pin) => typeof pin === 'string');
  return m.state === 'listening' && typeof m.url === 'string' && typeof m.port === 'number';
}

/**
 * The token a supervisor gave in the environment (removed from it once read),
 * or undefined when there is none. A token that is not the kind the browser
 * server makes is an error: the pages would carry it in their address.
 */
export function takeServeToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env[SERVE_TOKEN_ENV];
  delete env[SERVE_TOKEN_ENV];
  if (token === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
    throw new Error(`${SERVE_TOKEN_ENV} must be 16 to 128 characters of A–Z, a–z, 0–9, _ and -`);
  }
  return token;
}

/** The channel to the supervisor, when this process has one (spawned with 'ipc'). */
export interface SupervisorChannel {
  tell(message: ServeMessage): void;
  /** The listening socket the supervisor hands over (listen-socket.ts), when SERVE_HANDED_ENV says it will; else null. */
  listenHandle: Promise<object> | null;
  /** Connections the supervisor accepted on that socket, for this serve to serve. */
  onConnection(listener: (connection: Socket) => void): void;
  /** Resolves when the supervisor is gone (its process ended or closed the channel): time to stop. */
  gone: Promise<void>;
}

export function supervisorChannel(proc: NodeJS.Process = process): SupervisorChannel | null {
  if (typeof proc.send !== 'function' || !proc.connected) return null;
  // The channel must not keep a serve alive that has closed (serveUntilSignal): the process ends when its work does.
  proc.channel?.unref();
  const handed = proc.env[SERVE_HANDED_ENV] === '1';
  delete proc.env[SERVE_HANDED_ENV];
  let gotHandle: ((handle: object) => void) | null = null;
  const listenHandle = handed ? new Promise<object>((resolve) => (gotHandle = resolve)) : null;
  const connections: Socket[] = [];
  let adopt: ((connection: Socket) => void) | null = null;
  proc.on('message', (message: unknown, handle: unknown) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === HANDED_LISTEN && typeof handle === 'object' && handle !== null) {
      gotHandle?.(handle);
      gotHandle = null;
    } else if (type === HANDED_CONNECTION && handle instanceof Socket) {
      if (adopt) adopt(handle);
      else connections.push(handle);
    }
  });
  return {
    tell: (message) => {
      if (proc.connected) proc.send!(message);
    },
    listenHandle,
    onConnection: (listener) => {
      adopt = listener;
      for (const connection of connections.splice(0)) listener(connection);
    },
    gone: new Promise((resolve) => proc.once('disconnect', () => resolve())),
  };
}
