import { CommandResult } from '../../native/protocol/frames.ts';
import { RawClient, type SeenFrame } from '../../native/simulator/raw-client.ts';
import { startPlatform, type Platform } from '../../native/simulator/server.ts';
import { fixedClock } from './platform-fixtures.ts';

/**
 * A platform without a city and consoles signed in to it, for the tests of
 * the platform's commands (§7): start it, sign in by token, send a command
 * and get its checked `result`; `close()` after each test.
 */
export class CommandPlatform {
  platform: Platform | null = null;
  private readonly clients: RawClient[] = [];
  private n = 0;

  constructor(private readonly idPrefix: string) {}

  async start(): Promise<Platform> {
    this.platform = await startPlatform({ clock: fixedClock() });
    return this.platform;
  }

  /** A console signed in with `token`, its snapshot taken. */
  async as(token: string): Promise<RawClient> {
    const c = await RawClient.connect(this.platform!.url);
    this.clients.push(c);
    c.hello(token, null);
    await c.waitFor((f) => f.t === 'snapshot' && f.last === true);
    return c;
  }

  /** Sends a command and returns its `result` frame, checked against the frame schema. */
  async command(c: RawClient, name: string, args: unknown, id = `${this.idPrefix}-${++this.n}`): Promise<SeenFrame> {
    const from = c.frames.length;
    c.command(id, name, args);
    const result = await c.waitFor((f) => f.t === 'result' && f.id === id, { from });
    CommandResult.parse(result);
    return result;
  }

  async close(): Promise<void> {
    for (const c of this.clients.splice(0)) c.ws.terminate();
    await this.platform?.close();
    this.platform = null;
  }
}
