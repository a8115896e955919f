import { describe, expect, it } from 'vitest';
import { ApiError, type LinkState, type LinkStatus, type Operator } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import type { LinkService } from '../../link/link-service.ts';
import type { CallContext } from '../console-host.ts';
import { SIGN_IN_ANSWER_MS, sessionHandlers } from './session.ts';

const ANYONE: CallContext = { role: null, peer: { label: 't' } };
const TAKER: Operator = { id: 'op-7', name: '林晓', role: 'call_taker' };

/**
 * A link that behaves like PlatformLink towards its listeners: taking a token
 * it says `connecting` at once; what the platform answers comes later, when
 * the test says so.
 */
class ScriptedLink implements LinkService {
  private state: LinkState = 'signed_out';
  private lastError: LinkStatus['lastError'] = null;
  private who: Operator | null = null;
  private readonly listeners = new Set<(status: LinkStatus) => void>();
  tokens: string[] = [];

  status(): LinkStatus {
    const { state, lastError } = this;
    return {
      state,
      cursor: null,
      head: null,
      lag: null,
      progress: null,
      retryAt: null,
      outbox: 0,
      quarantine: 0,
      lastError,
      since: '2026-11-28T01:00:00.000Z',
      platformClock: null,
    };
  }
  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  get listening(): number {
    return this.listeners.size;
  }
  operator(): Operator | null {
    return this.who;
  }
  async signIn(token: string): Promise<void> {
    this.tokens.push(token);
    this.lastError = null;
    this.set('connecting');
  }
  async signOut(): Promise<void> {
    this.who = null;
    this.set('signed_out');
  }
  queueCommand(): never {
    throw new Error('not used');
  }
  queueCommands(): never {
    throw new Error('not used');
  }
  async close(): Promise<void> {}

  // ── what the platform does ──
  welcome(operator: Operator): void {
    this.who = operator;
    this.set('snapshot');
  }
  refuse(message: string): void {
    this.lastError = { code: 'unauthorized', message, at: '2026-11-28T01:00:01.000Z' };
    this.set('unauthorized');
  }
  unreachable(): void {
    this.lastError = { code: 'socket', message: 'connect ECONNREFUSED', at: '2026-11-28T01:00:01.000Z' };
    this.set('offline');
  }
  private set(state: LinkState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener(this.status());
  }
}

function setup(signingOut?: () => void) {
  const link = new ScriptedLink();
  const timers = new FakeTimers(Date.parse('2026-11-28T09:00:00+08:00'));
  const { handlers } = sessionHandlers({
    shell: 'browser',
    version: '0.1.0',
    workstation: 'ws-07',
    platform: { url: 'wss://platform.example/link/v1', embedded: false },
    link,
    timers,
    ...(signingOut ? { signingOut } : {}),
  });
  const signIn = (token: string) => Promise.resolve(handlers['session.signIn']({ token }, ANYONE));
  const signOut = () => Promise.resolve(handlers['session.signOut']({}, ANYONE));
  return { link, timers, signIn, signOut };
}

/** Lets the handler reach its wait (its `await link.signIn` resolves in a microtask). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('session.signIn answers with what the platform made of the token', () => {
  it('the platform welcomes the token: the answer names the operator and role', async () => {
    const { link, signIn } = setup();
    const answer = signIn('good-token');
    await settle();
    link.welcome(TAKER);
    await expect(answer).resolves.toMatchObject({ signedIn: true, operator: TAKER, role: 'call_taker' });
    expect(link.tokens).toEqual(['good-token']);
    expect(link.listening).toBe(0);
  });

  it('the platform refuses the token (wrong or expired): the request fails with unauthenticated and the platform’s reason', async () => {
    const { link, signIn } = setup();
    const answer = signIn('wrong-token');
    await settle();
    link.refuse('unknown or expired token');
    const error = await answer.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unauthenticated');
    expect((error as ApiError).message).toBe('unknown or expired token');
    expect(link.listening).toBe(0);
  });

  it('the platform cannot be reached: the sign-in answers at once, not signed in yet, and the link keeps the token', async () => {
    const { link, signIn } = setup();
    const answer = signIn('token');
    await settle();
    link.unreachable();
    await expect(answer).resolves.toMatchObject({ signedIn: false, operator: null });
    expect(link.tokens).toEqual(['token']);
    expect(link.listening).toBe(0);
  });

  it('no answer within the wait: the sign-in answers "not signed in yet" rather than running into the window’s request timeout', async () => {
    const { link, timers, signIn } = setup();
    let settled = false;
    const answer = signIn('slow-token').finally(() => (settled = true));
    await settle();
    timers.advance(SIGN_IN_ANSWER_MS - 1);
    await settle();
    expect(settled).toBe(false);
    timers.advance(1);
    await expect(answer).resolves.toMatchObject({ signedIn: false });
    expect(SIGN_IN_ANSWER_MS).toBeLessThan(15_000);
    expect(link.listening).toBe(0);
    expect(timers.scheduled).toBe(0);
  });

  it('a link that cannot take a token at all (no platform) fails the request and leaves nothing waiting', async () => {
    const { link, timers, signIn } = setup();
    link.signIn = async () => {
      throw new ApiError('unavailable', 'no platform is configured');
    };
    await expect(signIn('token')).rejects.toMatchObject({ code: 'unavailable' });
    expect(link.listening).toBe(0);
    expect(timers.scheduled).toBe(0);
  });
});

describe('session.signOut', () => {
  it('ends what the operator’s windows shared while they are still signed in (so the host can still tell the windows), then signs out', async () => {
    const seenBy: (string | null)[] = [];
    const { link, signIn, signOut } = setup(() => seenBy.push(link.operator()?.id ?? null));
    const answer = signIn('good-token');
    await settle();
    link.welcome(TAKER);
    await answer;
    await expect(signOut()).resolves.toMatchObject({ signedIn: false, operator: null });
    expect(seenBy).toEqual(['op-7']);
    expect(link.operator()).toBeNull();
  });
});
