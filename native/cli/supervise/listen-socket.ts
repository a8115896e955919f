import * as net from 'node:net';
import { Socket } from 'node:net';
import { getSystemErrorName } from 'node:util';

/**
 * The browser shell's listening socket, bound by `egret start` itself and
 * handed to each `egret serve` child over its IPC channel (Node's handle
 * passing). The URL (port and all) is known the moment the socket is bound,
 * so the browser starts at once instead of after a second Node process has
 * booted (bench:start), and a restarted child serves on the very same
 * socket: the port cannot be taken meanwhile, and a page's connections made
 * while no child serves wait in the backlog instead of being refused.
 *
 * This process polls the socket too (a listening socket is polled by every
 * process that called listen on it, and a connection arriving before the
 * first child listens must not be refused): what it accepts goes on to the
 * child serving now, or waits (paused) for the next one.
 */

/** What the supervisor sends a child with the listening handle, and with each connection it accepted. */
export const HANDED_LISTEN = 'egret-serve-listen';
export const HANDED_CONNECTION = 'egret-serve-connection';

/** The part of a child (spawned with 'ipc') a socket is handed to. */
export interface HandleReceiver {
  send(message: unknown, handle: unknown, callback: (error: Error | null) => void): boolean;
}

/** The raw TCP handle (node's tcp_wrap), as net._createServerHandle makes it. */
interface TcpHandle {
  getsockname(out: { port?: number }): number;
  listen(backlog: number): number;
  close(): void;
  onconnection: ((status: number, client: unknown) => void) | null;
}

type CreateServerHandle = (address: string, port: number, addressType: number) => TcpHandle | number;

/** The port could not be bound (in use: EADDRINUSE; below 1024: EACCES). */
export class ListenError extends Error {
  constructor(port: number, errno: number) {
    super(`cannot listen on 127.0.0.1:${port}: ${getSystemErrorName(errno)}`);
    this.name = 'ListenError';
  }
}

export class ListenSocket {
  private receiver: HandleReceiver | null = null;
  private readonly waiting: Socket[] = [];

  private constructor(
    private readonly handle: unknown,
    readonly port: number,
    private readonly wrap: (client: unknown) => Socket,
  ) {}

  /**
   * Binds 127.0.0.1:`port` (0: any free one) and listens. Node's cluster binds
   * the sockets it shares this way (net._createServerHandle): a net.Server
   * would take every connection for itself.
   */
  static bind(port: number, create: CreateServerHandle = defaultCreate): ListenSocket {
    const handle = create('127.0.0.1', port, 4);
    if (typeof handle === 'number') throw new ListenError(port, handle);
    const out: { port?: number } = {};
    handle.getsockname(out);
    const socket = new ListenSocket(handle, out.port ?? port, (client) => // Not read here (pauseOnCreate): bytes read into this process would not go to the child with the socket.
      new Socket({ handle: client as never, pauseOnCreate: true, readable: true, writable: true } as never));
    handle.onconnection = (status, client) => {
      if (status === 0 && client) socket.accepted(socket.wrap(client));
    };
    const error = handle.listen(511);
    if (error !== 0) {
      handle.close();
      throw new ListenError(port, error);
    }
    return socket;
  }

  /** For tests: a socket around a given handle, the accepted connections given by the test (`accepted`). */
  static around(handle: unknown, port: number): ListenSocket {
    return new ListenSocket(handle, port, (client) => client as Socket);
  }

  /**
   * Hands the listening socket to a child (the one serving from now on;
   * each restarted child gets the same), and it is given the connections
   * that waited. Returns the child.
   */
  handTo<T extends HandleReceiver>(child: T): T {
    this.receiver = child;
    child.send({ type: HANDED_LISTEN }, this.handle, () => undefined);
    for (const connection of this.waiting.splice(0)) this.pass(connection);
    return child;
  }

  /** A connection this process accepted: to the child serving now, or kept until one is handed the socket. */
  accepted(connection: Socket): void {
    if (this.receiver) this.pass(connection);
    else {
      connection.pause();
      this.waiting.push(connection);
    }
  }

  /** The child is gone: connections wait for the next one. */
  lost(child: HandleReceiver): void {
    if (this.receiver === child) this.receiver = null;
  }

  close(): void {
    this.receiver = null;
    for (const connection of this.waiting.splice(0)) connection.destroy();
    (this.handle as { close?: () => void }).close?.();
  }

  private pass(connection: Socket): void {
    const child = this.receiver!;
    child.send({ type: HANDED_CONNECTION }, connection, (error) => {
      // The child died as it was sent: the next one gets it.
      if (error && !connection.destroyed) {
        this.lost(child);
        this.accepted(connection);
      }
    });
  }
}

function defaultCreate(address: string, port: number, addressType: number): TcpHandle | number {
  return (net as unknown as { _createServerHandle: CreateServerHandle })._createServerHandle(address, port, addressType);
}
