import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger.ts';
import { FakeTimers } from '../../common/timers.ts';
import { startBrowserServer, type BrowserServer } from '../../host/transports/browser-server.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { HANDED_CONNECTION, HANDED_LISTEN, ListenSocket } from './listen-socket.ts';
import { ServeSupervisor } from './serve-supervisor.ts';

/** A stand-in serve child: keeps what it was sent (message and handle). */
class FakeChild extends EventEmitter {
  readonly sent: { type: unknown; handle: unknown }[] = [];
  constructor(readonly pid: number) {
    super();
  }
  send(message: { type: unknown }, handle: unknown, callback: (error: Error | null) => void): boolean {
    this.sent.push({ type: message.type, handle });
    callback(null);
    return true;
  }
  kill(): boolean {
    return true;
  }
}

/** A stand-in accepted connection. */
function connection(name: string): Socket {
  const made = { name, paused: false, destroyed: false, pause: () => (made.paused = true) };
  return made as unknown as Socket;
}

describe('ListenSocket: egret start binds the socket and hands it to each serve child', () => {
  it('a restarted child is handed the same listening handle; what was accepted while none served goes to the next', () => {
    const handle = { kind: 'tcp' };
    const socket = ListenSocket.around(handle, 4100);
    const timers = new FakeTimers(0);
    const children: FakeChild[] = [];
    const supervisor = new ServeSupervisor({
      launch: () => {
        const child = new FakeChild(100 + children.length);
        children.push(child);
        child.once('exit', () => socket.lost(child));
        return socket.handTo(child);
      },
      timers,
      report: () => undefined,
    });
    const early = connection('early');
    socket.accepted(early);
    // Kept unread (paused) until a child is there to read it.
    expect((early as unknown as { paused: boolean }).paused).toBe(true);
    void supervisor.start();
    expect(children[0]!.sent).toEqual([
      { type: HANDED_LISTEN, handle },
      { type: HANDED_CONNECTION, handle: early },
    ]);
    children[0]!.emit('message', { type: 'egret-serve', state: 'ready' });
    children[0]!.emit('exit', null, 'SIGKILL');
    const between = connection('between');
    socket.accepted(between);
    expect(children[0]!.sent).toHaveLength(2);
    timers.advance(250);
    expect(children).toHaveLength(2);
    expect(children[1]!.sent).toEqual([
      { type: HANDED_LISTEN, handle },
      { type: HANDED_CONNECTION, handle: between },
    ]);
  });

  it('binding a port in use is a clear error', () => {
    const first = ListenSocket.bind(0);
    try {
      expect(() => ListenSocket.bind(first.port)).toThrow(`cannot listen on 127.0.0.1:${first.port}: EADDRINUSE`);
    } finally {
      first.close();
    }
  });
});

describe('the browser server on a handed socket', () => {
  const servers: BrowserServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it('serves on the handle it is given (not binding a port of its own), and serves connections adopted from elsewhere', async () => {
    const staticDir = tempDir('handed-ui');
    writeFileSync(join(staticDir, 'index.html'), '<p>egret</p>');
    const outer = createServer();
    await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve));
    const port = (outer.address() as { port: number }).port;
    const server = await startBrowserServer({ port: 1, listen: { handle: outer }, staticDir, logger: silentLogger, connect: () => undefined });
    servers.push(server);
    expect(server.port).toBe(port);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('<p>egret</p>');

    // A connection accepted by another server (the supervisor's), handed to this one.
    const elsewhere = createServer((accepted) => server.adopt(accepted));
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const other = (elsewhere.address() as { port: number }).port;
    try {
      // The Host the page would send (fetch cannot set it): the page's own origin.
      const body = await new Promise<string>((resolve, reject) =>
        get({ host: '127.0.0.1', port: other, path: '/', headers: { host: `127.0.0.1:${port}` } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject),
      );
      expect(body).toBe('<p>egret</p>');
    } finally {
      elsewhere.close();
    }
  });

  it('across processes: a child handed the socket serves it, and a request made before any child listened waits and is served', async () => {
    const dir = tempDir('handed-child');
    const child = join(dir, 'child.mts');
    // The serve side as serve.ts has it: the supervisor channel gives the handle and the connections.
    writeFileSync(
      child,
      `import { supervisorChannel } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'serve-messages.ts')).href)};
       import { createServer } from 'node:http';
       const channel = supervisorChannel();
       const handle = await channel.listenHandle;
       const server = createServer((req, res) => res.end('served by ' + process.pid));
       server.listen(handle, () => channel.onConnection((c) => server.emit('connection', c)));
       await channel.gone;
       server.close();`,
    );
    const socket = ListenSocket.bind(0);
    try {
      const early = fetch(`http://127.0.0.1:${socket.port}/`).then((r) => r.text());
      const serve = fork(child, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, EGRET_SERVE_HANDED: '1' }, stdio: 'inherit' });
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      socket.handTo(serve);
      expect(await early).toBe(`served by ${serve.pid}`);
      for (let i = 0; i < 4; i++) expect(await (await fetch(`http://127.0.0.1:${socket.port}/`)).text()).toBe(`served by ${serve.pid}`);
      serve.disconnect();
      await exited;
    } finally {
      socket.close();
    }
  }, 20_000);
});
