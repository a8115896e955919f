import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HostFrame } from '../../api/index.ts';
import { messagePortChannel, WindowChannelClosedError, type MessagePortLike } from './message-port.ts';

/** Shaped like Electron's MessagePortMain: 'message' events carry `{ data }`, and queue until start(). */
class FakePort extends EventEmitter implements MessagePortLike {
  sent: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  start() {
    this.started = true;
  }
  close() {
    this.closed = true;
  }
}

const frame: HostFrame = { type: 'event', topic: 'link.status', data: { state: 'live' } };

describe('MessagePort channel', () => {
  it('sends frames as objects, not JSON', () => {
    const port = new FakePort();
    messagePortChannel(port).send(frame);
    expect(port.sent).toEqual([frame]);
    expect(typeof port.sent[0]).toBe('object');
  });

  it('starts the port once someone listens and hands over message data', () => {
    const port = new FakePort();
    const channel = messagePortChannel(port);
    expect(port.started).toBe(false);
    const received: unknown[] = [];
    channel.onMessage((data) => received.push(data));
    expect(port.started).toBe(true);
    port.emit('message', { data: { type: 'request', id: 1, method: 'session.info', params: {} }, ports: [] });
    expect(received).toEqual([{ type: 'request', id: 1, method: 'session.info', params: {} }]);
  });

  it('reports the window going away once', () => {
    const port = new FakePort();
    const channel = messagePortChannel(port);
    let closes = 0;
    channel.onClose(() => closes++);
    port.emit('close');
    port.emit('close');
    expect(closes).toBe(1);
    expect(() => channel.send(frame)).toThrow(WindowChannelClosedError);
  });

  it('closing from the host side closes the port and tells the host', () => {
    const port = new FakePort();
    const channel = messagePortChannel(port);
    let closes = 0;
    channel.onClose(() => closes++);
    channel.close();
    channel.close();
    expect(port.closed).toBe(true);
    expect(closes).toBe(1);
  });

  it('drops messages that arrive after close', () => {
    const port = new FakePort();
    const channel = messagePortChannel(port);
    const received: unknown[] = [];
    channel.onMessage((data) => received.push(data));
    channel.close();
    port.emit('message', { data: 'late' });
    expect(received).toEqual([]);
  });
});
