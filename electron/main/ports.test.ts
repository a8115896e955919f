import { describe, expect, it } from 'vitest';
import { PORT_DELIVERY_CHANNEL } from '../channels.ts';
import { connectWindowToHost, type ConnectMessage, type WindowEndpoint } from './ports.ts';

class FakePort {
  constructor(readonly name: string) {}
  close(): void {}
}

function fakeChannels() {
  let n = 0;
  const made: { port1: FakePort; port2: FakePort }[] = [];
  const newChannel = () => {
    n += 1;
    const pair = { port1: new FakePort(`host-${n}`), port2: new FakePort(`page-${n}`) };
    made.push(pair);
    return pair;
  };
  return { newChannel, made };
}

function fakeHost() {
  const received: { message: ConnectMessage; transfer: FakePort[] }[] = [];
  return { received, postMessage: (message: ConnectMessage, transfer: FakePort[]) => received.push({ message, transfer }) };
}

function fakeWindow(id: number, destroyed = false) {
  const delivered: { channel: string; message: unknown; transfer: FakePort[] }[] = [];
  const window: WindowEndpoint<FakePort> = {
    id,
    label: `window ${id}`,
    webContents: {
      isDestroyed: () => destroyed,
      postMessage: (channel, message, transfer) => delivered.push({ channel, message, transfer }),
    },
  };
  return { window, delivered };
}

describe('port wiring', () => {
  it('sends one end to the host with the window id and the other to the page', () => {
    const { newChannel, made } = fakeChannels();
    const host = fakeHost();
    const { window, delivered } = fakeWindow(7);

    expect(connectWindowToHost(newChannel, host, window)).toBe(true);

    expect(host.received).toEqual([{ message: { type: 'connect', window: 7, label: 'window 7' }, transfer: [made[0]!.port1] }]);
    expect(delivered).toEqual([{ channel: PORT_DELIVERY_CHANNEL, message: null, transfer: [made[0]!.port2] }]);
    expect(PORT_DELIVERY_CHANNEL).toBe('egret:port');
  });

  it('gives every window its own pair', () => {
    const { newChannel } = fakeChannels();
    const host = fakeHost();
    const a = fakeWindow(1);
    const b = fakeWindow(2);
    connectWindowToHost(newChannel, host, a.window);
    connectWindowToHost(newChannel, host, b.window);

    const hostPorts = host.received.map((r) => r.transfer[0]);
    const pagePorts = [a.delivered[0]!.transfer[0], b.delivered[0]!.transfer[0]];
    expect(new Set([...hostPorts, ...pagePorts]).size).toBe(4);
    expect(host.received.map((r) => r.message.window)).toEqual([1, 2]);
    expect(pagePorts.map((p) => p!.name)).toEqual(['page-1', 'page-2']);
  });

  it('sends nothing to a window that is already gone', () => {
    const { newChannel, made } = fakeChannels();
    const host = fakeHost();
    expect(connectWindowToHost(newChannel, host, fakeWindow(3, true).window)).toBe(false);
    expect(made).toHaveLength(0);
    expect(host.received).toHaveLength(0);
  });
});
