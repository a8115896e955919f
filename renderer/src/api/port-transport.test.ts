import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostFrame } from '../../../native/api/index.ts';
import { PORT_MESSAGE, PortInbox } from './port-transport.ts';
import { settle } from '../test-support/fake-host.ts';

type MessageListener = (event: Partial<MessageEvent>) => void;

/** Just enough of a window for PortInbox: the test dispatches messages by hand. */
function fakeWindow() {
  const listeners: MessageListener[] = [];
  const win = {
    addEventListener: (_type: string, l: MessageListener) => void listeners.push(l),
    removeEventListener: () => {},
  } as unknown as Window;
  const post = (event: Partial<MessageEvent>) => listeners.forEach((l) => l(event));
  return { win, post };
}

const channels: MessageChannel[] = [];
function channel(): MessageChannel {
  const c = new MessageChannel();
  channels.push(c);
  return c;
}
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('PortInbox (Electron shell)', () => {
  it('takes a port handed over before the client asked, and carries frames both ways', async () => {
    const { win, post } = fakeWindow();
    const inbox = new PortInbox(win);
    const { port1, port2 } = channel();
    post({ source: win, data: PORT_MESSAGE, ports: [port1] });

    const transport = await inbox.open();
    const atHost: unknown[] = [];
    port2.addEventListener('message', (e) => atHost.push((e as MessageEvent).data));
    port2.start();
    const atWindow: HostFrame[] = [];
    transport.onFrame((f) => atWindow.push(f));

    transport.send({ type: 'subscribe', topic: 'link.status' });
    port2.postMessage({ type: 'event', topic: 'diag.echo', data: [{ text: 'hi', at: 'now' }] });
    port2.postMessage('not a frame');
    // A real MessageChannel delivers when the event loop gets to it: wait for it, not one turn (a busy machine takes more).
    await vi.waitFor(() => {
      expect(atHost).toEqual([{ type: 'subscribe', topic: 'link.status' }]);
      expect(atWindow).toEqual([{ type: 'event', topic: 'diag.echo', data: [{ text: 'hi', at: 'now' }] }]);
    });
    // 'not a frame' came in right after the event and was dropped.
    await settle();
    expect(atWindow).toHaveLength(1);
  });

  it('ignores messages from other sources or with other data', async () => {
    const { win, post } = fakeWindow();
    const inbox = new PortInbox(win);
    const foreign = channel();
    post({ source: {} as Window, data: PORT_MESSAGE, ports: [foreign.port1] });
    post({ source: win, data: 'something else', ports: [foreign.port1] });
    let opened = false;
    const opening = inbox.open().then((t) => {
      opened = true;
      return t;
    });
    await settle();
    expect(opened).toBe(false);
    const own = channel();
    post({ source: win, data: PORT_MESSAGE, ports: [own.port1] });
    await opening;
    expect(opened).toBe(true);
  });

  it('a newer port (host restarted) closes the open transport and is used for the next connection', async () => {
    const { win, post } = fakeWindow();
    const inbox = new PortInbox(win);
    const first = channel();
    post({ source: win, data: PORT_MESSAGE, ports: [first.port1] });
    const old = await inbox.open();
    let closed = false;
    old.onClose(() => (closed = true));

    const second = channel();
    post({ source: win, data: PORT_MESSAGE, ports: [second.port1] });
    expect(closed).toBe(true);

    const fresh = await inbox.open();
    const atHost: unknown[] = [];
    second.port2.addEventListener('message', (e) => atHost.push((e as MessageEvent).data));
    second.port2.start();
    fresh.send({ type: 'unsubscribe', topic: 'diag.echo' });
    await vi.waitFor(() => expect(atHost).toEqual([{ type: 'unsubscribe', topic: 'diag.echo' }]));
  });
});
