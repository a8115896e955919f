import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeSocket } from '../../tests/support/fake-socket.ts';
import type { Logger } from '../common/logger.ts';
import { FakeTimers } from '../common/timers.ts';
import { Connection, type ConnectionEvents } from './connection.ts';

function connection(idleMs = 45_000) {
  const timers = new FakeTimers();
  const socket = new FakeSocket();
  const seen = { opened: 0, texts: [] as string[], binary: 0, failed: [] as [string, string][], closed: [] as [number, string][], errors: [] as string[] };
  let onText: (text: string) => void = (text) => seen.texts.push(text);
  const events: ConnectionEvents = {
    open: () => seen.opened++,
    text: (text) => onText(text),
    binary: () => seen.binary++,
    failed: (code, message) => seen.failed.push([code, message]),
    closed: (code, reason) => seen.closed.push([code, reason]),
  };
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (m) => seen.errors.push(m) };
  const conn = new Connection(socket, events, { timers, idleMs, logger });
  return { conn, socket, timers, seen, setText: (fn: (text: string) => void) => (onText = fn) };
}

describe('Connection: one socket to the platform', () => {
  it('passes text frames on and reports binary ones apart (spec §1: ignored)', () => {
    const { socket, seen } = connection();
    socket.open();
    socket.frame({ t: 'notice', level: 'info', message: 'hi' });
    socket.binary();
    expect(seen.opened).toBe(1);
    expect(seen.texts).toEqual(['{"t":"notice","level":"info","message":"hi"}']);
    expect(seen.binary).toBe(1);
  });

  it('gives the connection up after the idle limit without a frame or a ping (spec §6)', async () => {
    const { socket, timers, conn } = connection(45_000);
    socket.open();
    timers.advance(30_000);
    socket.ping();
    timers.advance(30_000);
    socket.frame({ t: 'positions', items: [] });
    timers.advance(44_999);
    expect(socket.terminated).toBe(false);
    timers.advance(1);
    expect(socket.terminated).toBe(true);
    expect(conn.closingBecause).toBe('no frame or ping from the platform for 45 s');
    await once(socket, 'close');
  });

  it('counts the idle time from the start, before the socket opens', () => {
    const { socket, timers } = connection(10_000);
    timers.advance(10_000);
    expect(socket.terminated).toBe(true);
  });

  it('a frame whose handling throws gives the connection up instead of escaping the socket handler', () => {
    const { socket, conn, seen, setText } = connection();
    setText(() => {
      throw new Error('boom');
    });
    socket.open();
    expect(() => socket.frame({ t: 'changes', items: [] })).not.toThrow();
    expect(seen.errors).toEqual(['frame handling failed']);
    expect(conn.closingBecause).toBe('a frame could not be handled: boom');
    expect(socket.terminated).toBe(true);
  });

  it('abandon closes once and keeps the first reason; errors after it explain nothing', () => {
    const { socket, conn, seen } = connection();
    socket.open();
    conn.abandon('a gap after seq 7: reconnecting to replay');
    conn.abandon('reset: log rebuilt');
    socket.emit('error', new Error('read ECONNRESET'));
    expect(conn.closingBecause).toBe('a gap after seq 7: reconnecting to replay');
    expect(seen.failed).toEqual([]);
  });

  it('says why the socket failed: a frame over 4 MiB, or another socket error', () => {
    const big = connection();
    big.socket.emit('error', new Error('Max payload size exceeded'));
    expect(big.seen.failed).toEqual([['too_big', 'Max payload size exceeded']]);
    const other = connection();
    other.socket.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:9'));
    expect(other.seen.failed).toEqual([['socket', 'connect ECONNREFUSED 127.0.0.1:9']]);
  });

  it('HTTP 401 on the upgrade marks the token refused (spec §2.3); other statuses are plain failures', () => {
    const refused = connection();
    refused.socket.emit('unexpected-response', {}, { statusCode: 401 });
    expect(refused.conn.unauthorized).toBe(true);
    expect(refused.seen.failed[0]![0]).toBe('unauthorized');
    expect(refused.socket.terminated).toBe(true);
    const busy = connection();
    busy.socket.emit('unexpected-response', {}, { statusCode: 503 });
    expect(busy.conn.unauthorized).toBe(false);
    expect(busy.seen.failed).toEqual([['http', 'the platform answered the upgrade with HTTP 503']]);
  });

  it('sends only while open', () => {
    const { socket, conn } = connection();
    conn.send({ t: 'ack', seq: 1 });
    socket.open();
    conn.send({ t: 'ack', seq: 2 });
    expect(socket.sent).toEqual([{ t: 'ack', seq: 2 }]);
  });

  it('ending it closes cleanly when open (1000), stops its idle timer, and nothing it receives after goes on', async () => {
    const { socket, conn, timers, seen } = connection();
    socket.open();
    conn.end('signed out');
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'signed out' });
    expect(conn.closingBecause).toBe('signed out');
    expect(timers.scheduled).toBe(0);
    socket.frame({ t: 'notice', level: 'info', message: 'late' });
    socket.ping();
    expect(seen.texts).toEqual([]);
    expect(timers.scheduled).toBe(0);
    await once(socket, 'close');
    expect(seen.closed).toEqual([[1000, 'signed out']]);
  });

  it('ending it before it opens terminates it', () => {
    const { socket, conn } = connection();
    conn.end('console closing');
    expect(socket.terminated).toBe(true);
    expect(socket.closedWith).toBeNull();
  });

  it('a close from the platform stops the idle timer and is reported with its code and reason', () => {
    const { socket, timers, seen } = connection();
    socket.open();
    socket.closeFromPlatform(4401, 'unauthorized');
    expect(seen.closed).toEqual([[4401, 'unauthorized']]);
    expect(timers.scheduled).toBe(0);
    socket.frame({ t: 'notice', level: 'info', message: 'late' });
    expect(seen.texts).toEqual([]);
  });

  it('closedWithin waits for the close, or gives up after the time given', async () => {
    const closing = connection();
    closing.socket.open();
    const waited = closing.conn.closedWithin(2000);
    closing.socket.closeFromPlatform(1000);
    await waited;
    expect(closing.timers.scheduled).toBe(0); // neither the idle timer nor the 2 s guard is left
    await closing.conn.closedWithin(2000); // closed already: at once

    const stuck = connection();
    stuck.socket.open();
    let done = false;
    const giveUp = stuck.conn.closedWithin(2000).then(() => (done = true));
    stuck.timers.advance(1999);
    await Promise.resolve();
    expect(done).toBe(false);
    stuck.timers.advance(1);
    await giveUp;
    expect(done).toBe(true);
  });
});
