import { describe, expect, it } from 'vitest';
import type { PackedPositions } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { TopicBuffer } from '../topic-buffer.ts';
import { mergePacked } from './packed-positions.ts';

const update = (
  book: string,
  rows: [slot: number, lat: number, state: number, ts: number][],
  ids: [number, string][] = [],
): PackedPositions => ({
  book,
  slots: rows.map((r) => r[0]),
  lat: rows.map((r) => r[1]),
  lng: rows.map(() => 118.1),
  state: rows.map((r) => r[2]),
  ts: rows.map((r) => r[3]),
  ids,
});

describe('packed positions coalesced for a window (slots)', () => {
  it('keeps the latest of each slot, the new slots in first-seen order, and every id once', () => {
    const a = update(
      'b1',
      [
        [0, 24.1, 0, 1],
        [1, 24.2, 0, 1],
      ],
      [[1, 'vol-b']],
    );
    const b = update(
      'b1',
      [
        [1, 24.25, 3, 2],
        [2, 24.3, 1, 2],
      ],
      [
        [2, 'vol-c'],
        [1, 'vol-b'],
      ],
    );
    expect(mergePacked(a, b)).toEqual(
      update(
        'b1',
        [
          [0, 24.1, 0, 1],
          [1, 24.25, 3, 2],
          [2, 24.3, 1, 2],
        ],
        [
          [1, 'vol-b'],
          [2, 'vol-c'],
        ],
      ),
    );
  });

  it('drops what was pending from an earlier book', () => {
    const a = update('b1', [[0, 24.1, 0, 1]], [[0, 'vol-a']]);
    const b = update('b2', [[0, 24.9, 2, 5]], [[0, 'vol-z']]);
    expect(mergePacked(a, b)).toBe(b);
  });

  it('reaches a window once per flush with the latest per slot, however many updates came meanwhile', () => {
    const timers = new FakeTimers(1_000);
    const delivered: unknown[] = [];
    const buffer = new TopicBuffer((_topic, payload) => delivered.push(payload), timers, 100);
    buffer.push('positions.packed', update('b1', [[0, 24.1, 0, 1]], [[0, 'vol-a']]));
    timers.advance(0);
    expect(delivered).toHaveLength(1);
    for (let i = 1; i <= 50; i++) buffer.push('positions.packed', update('b1', [[i % 3, 24 + i / 100, 0, i]]));
    timers.advance(99);
    expect(delivered).toHaveLength(1);
    timers.advance(1);
    expect(delivered).toHaveLength(2);
    expect(delivered[1]).toEqual(
      update('b1', [
        [1, 24.49, 0, 49],
        [2, 24.5, 0, 50],
        [0, 24.48, 0, 48],
      ]),
    );
  });
});
