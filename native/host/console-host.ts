import type { z } from 'zod';
import {
  ApiError,
  ClientFrame,
  type HostFrame,
  type MethodName,
  type Methods,
  type Result,
  type Role,
  type TopicName,
  type TopicPayload,
  isMethodName,
  isTopicName,
  issuesOf,
  methods,
  roleAllows,
  topics,
} from '../api/index.ts';
import type { HostChannel, PeerInfo } from './channel.ts';
import { TopicBuffer } from './topic-buffer.ts';
import { realTimers, type Timers } from '../common/timers.ts';
import type { Logger } from '../common/logger.ts';

export interface CallContext {
  role: Role | null;
  peer: PeerInfo;
}

export type Handler<M extends MethodName> = (
  params: z.output<Methods[M]['params']>,
  ctx: CallContext,
) => Result<M> | Promise<Result<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** What a topic sends a window the moment it subscribes (state topics only); undefined when there is nothing yet (no workspace open). */
export type Snapshots = { [T in TopicName]?: () => TopicPayload<T> | undefined };

export interface ConsoleHostOptions {
  handlers: Handlers;
  snapshots?: Snapshots;
  /** The role of the signed-in operator, as the platform's `welcome` gave it. */
  role: () => Role | null;
  logger: Logger;
  timers?: Timers;
}

interface Connection {
  channel: HostChannel;
  peer: PeerInfo;
  subscriptions: Set<TopicName>;
  buffer: TopicBuffer;
}

/**
 * Serves the console API to any number of windows. It validates every frame
 * against the contract, enforces roles before a handler runs (so a window
 * cannot do what its role may not, whatever it sends), and fans topics out,
 * coalesced per window.
 */
export class ConsoleHost {
  private readonly connections = new Set<Connection>();
  private readonly timers: Timers;

  constructor(private readonly options: ConsoleHostOptions) {
    this.timers = options.timers ?? realTimers;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** How many windows are subscribed to a topic right now. */
  subscriberCount(topic: TopicName): number {
    let n = 0;
    for (const c of this.connections) if (c.subscriptions.has(topic)) n++;
    return n;
  }

  connect(channel: HostChannel, peer: PeerInfo): void {
    const connection: Connection = {
      channel,
      peer,
      subscriptions: new Set(),
      buffer: new TopicBuffer((topic, data) => this.sendSafely(connection, { type: 'event', topic, data }), this.timers),
    };
    this.connections.add(connection);
    channel.onMessage((data) => void this.receive(connection, data));
    channel.onClose(() => {
      connection.buffer.dispose();
      this.connections.delete(connection);
    });
    this.options.logger.info('window connected', { peer: peer.label });
  }

  /** Pushes a topic payload to every window subscribed to it, role permitting. */
  publish<T extends TopicName>(topic: T, payload: TopicPayload<T>): void {
    const role = this.options.role();
    if (!roleAllows(topics[topic].roles, role)) return;
    for (const c of this.connections) if (c.subscriptions.has(topic)) c.buffer.push(topic, payload);
  }

  closeAll(): void {
    for (const c of [...this.connections]) c.channel.close();
  }

  private async receive(connection: Connection, raw: unknown): Promise<void> {
    let data = raw;
    if (typeof raw === 'string') {
      try {
        data = JSON.parse(raw);
      } catch {
        return this.reply(connection, null, new ApiError('bad_frame', 'frame is not valid JSON'));
      }
    }
    const parsed = ClientFrame.safeParse(data);
    if (!parsed.success) {
      const id = typeof (data as { id?: unknown })?.id === 'number' ? (data as { id: number }).id : null;
      return this.reply(connection, id, new ApiError('bad_frame', 'frame does not match the console API', issuesOf(parsed.error)));
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'request':
        return this.reply(connection, frame.id, await this.call(frame.method, frame.params, connection.peer));
      case 'subscribe':
        return this.subscribe(connection, frame.topic);
      case 'unsubscribe':
        if (isTopicName(frame.topic)) {
          connection.subscriptions.delete(frame.topic);
          connection.buffer.drop(frame.topic);
        }
        return;
    }
  }

  /** Runs one request; never throws — failures come back as an ApiError value. */
  async call(name: string, params: unknown, peer: PeerInfo): Promise<{ result: unknown } | ApiError> {
    if (!isMethodName(name)) return new ApiError('unknown_method', `no method "${name}" in the console API`);
    const spec = methods[name];
    const role = this.options.role();
    if (!roleAllows(spec.roles, role)) {
      return role === null
        ? new ApiError('unauthenticated', `sign in to use ${name}`)
        : new ApiError('forbidden', `the ${role} role may not use ${name}`);
    }
    const checked = spec.params.safeParse(params ?? {});
    if (!checked.success) return new ApiError('invalid_params', `invalid params for ${name}`, issuesOf(checked.error));
    try {
      const handler = this.options.handlers[name] as Handler<typeof name>;
      const result = await handler(checked.data as never, { role, peer });
      return { result };
    } catch (error) {
      if (error instanceof ApiError) return error;
      this.options.logger.error('handler failed', { method: name, error: String((error as Error)?.stack ?? error) });
      return new ApiError('internal', `${name} failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private subscribe(connection: Connection, topic: string): void {
    if (!isTopicName(topic)) {
      return this.reply(connection, null, new ApiError('invalid_params', `no topic "${topic}" in the console API`));
    }
    if (!roleAllows(topics[topic].roles, this.options.role())) {
      return this.reply(connection, null, new ApiError('forbidden', `this role may not subscribe to ${topic}`));
    }
    connection.subscriptions.add(topic);
    const snapshot = this.options.snapshots?.[topic]?.();
    if (snapshot !== undefined) this.sendSafely(connection, { type: 'event', topic, data: snapshot });
  }

  private reply(connection: Connection, id: number | null, outcome: { result: unknown } | ApiError): void {
    if (outcome instanceof ApiError) {
      this.sendSafely(connection, { type: 'response', id, ok: false, error: outcome.toBody() });
    } else if (id !== null) {
      this.sendSafely(connection, { type: 'response', id, ok: true, result: outcome.result });
    }
  }

  private sendSafely(connection: Connection, frame: HostFrame): void {
    try {
      connection.channel.send(frame);
    } catch (error) {
      // A window that went away mid-send is not the host's problem; forget it.
      this.options.logger.warn('send to window failed', { peer: connection.peer.label, error: String(error) });
      connection.buffer.dispose();
      this.connections.delete(connection);
    }
  }
}
