import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../common/timers.ts';
import { TopicBuffer } from './topic-buffer.ts';

describe('a window’s topic buffer', () => {
  it('coalesces to one flush per interval: batches concatenate, states keep the newest', () => {
    const timers = new FakeTimers(1_000);
    const delivered: [string, unknown][] = [];
    const buffer = new TopicBuffer((topic, payload) => delivered.push([topic, payload]), timers, 100);
    buffer.push('entities.changed', [{ kind: 'incident', upserted: ['a'], deleted: [] }]);
    buffer.push('entities.changed', [{ kind: 'incident', upserted: ['b'], deleted: [] }]);
    expect(delivered).toEqual([]);
    timers.advance(0);
    expect(delivered.map(([t, p]) => [t, (p as unknown[]).length])).toEqual([['entities.changed', 2]]);
    buffer.push('diag.echo', [{ text: 'x', at: '' }]);
    timers.advance(99);
    expect(delivered).toHaveLength(1);
    timers.advance(1);
    expect(delivered).toHaveLength(2);
  });

  it('pushes the new-P1 alarm at once, ahead of what waits for the next flush', () => {
    const timers = new FakeTimers(1_000);
    const delivered: string[] = [];
    const buffer = new TopicBuffer((topic) => delivered.push(topic), timers, 100);
    buffer.push('entities.changed', []);
    timers.advance(0);
    buffer.push('entities.changed', []);
    buffer.push('incidents.alarm', [{ kind: 'restored', at: '' }]);
    expect(delivered).toEqual(['entities.changed', 'incidents.alarm']);
    timers.advance(100);
    expect(delivered).toEqual(['entities.changed', 'incidents.alarm', 'entities.changed']);
  });
});
