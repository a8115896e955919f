import { afterEach, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../common/clock.ts';
import { silentLogger } from '../common/logger.ts';
import { ENTITY_KINDS } from '../protocol/kinds.ts';
import { RawClient } from '../simulator/raw-client.ts';
import { startDemoThread, type DemoThread } from './demo-thread.ts';

// The embedded demo platform runs on a thread of its own (bench:start): the
// console learns where it listens before its city is built and may link at
// once; the platform answers once its city is live, on the console's clock.

const running: DemoThread[] = [];
afterEach(async () => {
  for (const demo of running.splice(0)) await demo.close();
});

describe('the demo platform on its own thread', { timeout: 120_000 }, () => {
  it('says where it listens, answers a console that linked at once with its whole city, on the console’s clock', async () => {
    const consoleClock = clockStartingAt(Date.parse('2026-11-28T23:55:00+08:00'));
    const demo = startDemoThread({ logger: silentLogger, clock: consoleClock, rate: 1 });
    running.push(demo);
    const where = await demo.listening;
    expect(where.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/v1$/);
    expect(where.mediaOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // Linked before the city is known to be live: the platform takes it once it is.
    const client = await RawClient.connect(where.url);
    client.hello('demo-chief', null, { topics: ENTITY_KINDS });
    const welcome = await client.waitForType('welcome', { timeoutMs: 60_000 });
    const part = await client.waitForType('snapshot', { timeoutMs: 60_000 });
    await demo.ready;
    expect((part.items as { kind: string }[]).some((item) => item.kind === 'department')).toBe(true);
    // The city's time is the console's (EGRET_CLOCK_START), not the machine's.
    const serverTime = Date.parse(String(welcome.server_time));
    expect(Math.abs(serverTime - consoleClock.now())).toBeLessThan(60_000);
    client.ws.close();

    await demo.close();
    await expect(RawClient.connect(where.url)).rejects.toThrow();
  });

  it('says so when the demo cannot start', async () => {
    const demo = startDemoThread({ logger: silentLogger, resourcesDir: '/nonexistent/egret-resources' });
    running.push(demo);
    await expect(demo.ready).rejects.toThrow(/did not start|ended/);
  });

  it('a console whose cursor came from an earlier run of the demo gets a snapshot of this city, not a replay of it', async () => {
    const first = startDemoThread({ logger: silentLogger, rate: 1 });
    running.push(first);
    const earlier = await RawClient.connect((await first.listening).url);
    earlier.hello('demo-chief', null, { topics: ENTITY_KINDS });
    const firstHead = Number((await earlier.waitForType('welcome', { timeoutMs: 60_000 })).head);
    earlier.ws.close();
    await first.close();

    const second = startDemoThread({ logger: silentLogger, rate: 1 });
    running.push(second);
    const client = await RawClient.connect((await second.listening).url);
    client.hello('demo-chief', firstHead, { topics: ENTITY_KINDS });
    const welcome = await client.waitForType('welcome', { timeoutMs: 60_000 });
    expect(welcome.resume).toBe('snapshot');
    expect(Number(welcome.head)).toBeGreaterThan(firstHead);
    client.ws.close();
  });
});
