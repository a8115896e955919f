import { describe, expect, it } from 'vitest';
import { RedrawLoop } from './frame-scheduler.ts';
import { ManualFrames } from './engine-testing.ts';

describe('RedrawLoop', () => {
  it('draws once per frame however often it is marked, and not at all when it is not', () => {
    const frames = new ManualFrames();
    const drawn: number[] = [];
    const loop = new RedrawLoop((t) => drawn.push(t), frames);
    for (let i = 0; i < 1000; i++) loop.markDirty();
    expect(frames.requested).toBe(1);
    frames.run(16);
    frames.run(32);
    expect(drawn).toEqual([16]);
    loop.markDirty();
    frames.run(48);
    expect(drawn).toEqual([16, 48]);
  });

  it('a mark during a draw waits for the next frame (a pulse animates frame by frame)', () => {
    const frames = new ManualFrames();
    const drawn: number[] = [];
    const loop = new RedrawLoop((t) => {
      drawn.push(t);
      if (drawn.length < 3) loop.markDirty();
    }, frames);
    loop.markDirty();
    frames.run(1);
    frames.run(2);
    frames.run(3);
    frames.run(4);
    expect(drawn).toEqual([1, 2, 3]);
  });

  it('flush draws a pending frame now; stop cancels it and ignores marks until started', () => {
    const frames = new ManualFrames();
    const drawn: number[] = [];
    const loop = new RedrawLoop((t) => drawn.push(t), frames);
    loop.markDirty();
    loop.flush(5);
    expect(drawn).toEqual([5]);
    expect(frames.pending).toBe(0);
    loop.markDirty();
    loop.stop();
    loop.markDirty();
    expect(frames.pending).toBe(0);
    loop.start();
    loop.markDirty();
    expect(frames.pending).toBe(1);
  });
});
