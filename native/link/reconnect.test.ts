import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../common/timers.ts';
import { Backoff } from './backoff.ts';
import { Redial, afterClose, type Ending } from './reconnect.ts';

describe('Redial: the next try after a lost connection (spec §6)', () => {
  function redial(draw = 1) {
    const timers = new FakeTimers(10_000);
    const r = new Redial(timers, new Backoff(() => draw));
    let tries = 0;
    const connect = () => tries++;
    return { r, timers, connect, tries: () => tries };
  }

  it('tries after a jittered delay that doubles each time, capped at 30 s', () => {
    const { r, timers, connect, tries } = redial(0.999);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      expect(r.schedule(connect)).toBe(true);
      delays.push(r.at! - timers.now());
      timers.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([499, 999, 1998, 3996, 7992, 15984, 29970, 29970]);
    expect(tries()).toBe(8);
  });

  it('full jitter: the delay is the draw times the ceiling (a draw of 0 tries at once)', () => {
    const { r, timers, connect, tries } = redial(0);
    r.schedule(connect);
    expect(r.at).toBe(timers.now());
    timers.advance(0);
    expect(tries()).toBe(1);
  });

  it('one try at a time: a second schedule changes nothing', () => {
    const { r, timers, connect, tries } = redial(0.5);
    r.schedule(connect);
    const at = r.at;
    expect(r.schedule(connect)).toBe(false);
    expect(r.at).toBe(at);
    expect(r.pending).toBe(true);
    timers.advance(60_000);
    expect(tries()).toBe(1);
    expect(r.pending).toBe(false);
    expect(r.at).toBeNull();
  });

  it('cancel drops the waiting try; reset starts the delays from the first step', () => {
    const { r, timers, connect, tries } = redial(0.999);
    r.schedule(connect);
    timers.advance(1000);
    r.schedule(connect);
    r.cancel();
    expect(r.pending).toBe(false);
    expect(r.at).toBeNull();
    timers.advance(60_000);
    expect(tries()).toBe(1);
    r.reset();
    r.schedule(connect);
    expect(r.at! - timers.now()).toBe(499);
  });
});

describe('afterClose: what a close code means (spec §2.3, §1)', () => {
  const ending = (code: number, extra: Partial<Ending> = {}): Ending => ({
    code,
    reason: '',
    closingBecause: null,
    unauthorized: false,
    errorShown: false,
    ...extra,
  });

  it('4401 stops and asks for sign-in: never retried with the same token', () => {
    expect(afterClose(ending(4401, { reason: 'unknown token' }))).toEqual({ next: 'unauthorized', error: { code: 'unauthorized', message: 'unknown token' } });
    expect(afterClose(ending(4401)).error?.message).toBe('the platform refused the token: sign in again');
  });

  it('HTTP 401 on the upgrade stops the same way, keeping the error it already showed', () => {
    expect(afterClose(ending(1006, { unauthorized: true, errorShown: true }))).toEqual({ next: 'unauthorized', error: null });
  });

  it('4426 stops and says the console must be updated', () => {
    expect(afterClose(ending(4426, { reason: 'version 1 no longer supported' }))).toEqual({
      next: 'update_required',
      error: { code: 'version', message: 'version 1 no longer supported' },
    });
    expect(afterClose(ending(4426)).error?.message).toMatch(/update Egret/);
  });

  it('4400 and any other close retry, saying why', () => {
    expect(afterClose(ending(4400, { reason: 'bad request' }))).toEqual({ next: 'retry', error: { code: 'closed', message: 'connection closed (4400: bad request)' } });
    expect(afterClose(ending(1006))).toEqual({ next: 'retry', error: { code: 'closed', message: 'connection closed (1006)' } });
  });

  it('a close the console made itself (gap, protocol error, idle) retries and shows its reason', () => {
    expect(afterClose(ending(1006, { closingBecause: 'a gap after seq 7: reconnecting to replay', errorShown: true }))).toEqual({
      next: 'retry',
      error: { code: 'protocol', message: 'a gap after seq 7: reconnecting to replay' },
    });
  });

  it('1009 (a frame over 4 MiB) retries and says the frame was refused', () => {
    expect(afterClose(ending(1009, { errorShown: true }))).toEqual({
      next: 'retry',
      error: { code: 'too_big', message: 'the platform sent a frame over 4 MiB; it was refused' },
    });
  });

  it('a normal close, or one already explained by an error, retries without a new error', () => {
    expect(afterClose(ending(1000))).toEqual({ next: 'retry', error: null });
    expect(afterClose(ending(1006, { errorShown: true }))).toEqual({ next: 'retry', error: null });
  });
});
