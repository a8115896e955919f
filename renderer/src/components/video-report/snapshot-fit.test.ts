import { describe, expect, it } from 'vitest';
import { FIT_STEPS, SNAPSHOT_MAX_BYTES, SnapshotError, fitJpeg, type FitStep } from './snapshot-fit.ts';

/** An encoder whose JPEG size follows the picture's area and the quality, as a real one roughly does. */
function encoderFor(fullBytes: number) {
  const tried: FitStep[] = [];
  const encode = async (step: FitStep) => {
    tried.push(step);
    // Only its size matters here: no need to hold megabytes.
    return { size: Math.round(fullBytes * step.scale * step.scale * step.quality), type: 'image/jpeg' } as Blob;
  };
  return { encode, tried };
}

describe('fitting a snapshot under the 2 MiB attach limit', () => {
  it('keeps the best encoding when it fits: full size, high quality', async () => {
    const { encode, tried } = encoderFor(400_000);
    const { blob, step } = await fitJpeg(encode);
    expect(step).toEqual({ scale: 1, quality: 0.92 });
    expect(blob.size).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    expect(tried).toHaveLength(1);
  });

  it('lowers the quality before the size, then both, until it fits', async () => {
    const { encode, tried } = encoderFor(3_000_000);
    const { blob, step } = await fitJpeg(encode);
    expect(step).toEqual({ scale: 1, quality: 0.65 }); // 3 MB × 0.65 = 1.95 MB
    expect(blob.size).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    expect(tried.map((s) => s.scale)).toEqual([1, 1, 1]);

    const huge = encoderFor(12_000_000);
    const fitted = await fitJpeg(huge.encode);
    expect(fitted.step.scale).toBeLessThan(1);
    expect(fitted.blob.size).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    // Each try is smaller than the one before: the steps only ever give up detail.
    const sizes = huge.tried.map((s) => s.scale * s.scale * s.quality);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });

  it('takes exactly the limit, and refuses with the smallest size when nothing fits', async () => {
    const exact = async () => ({ size: 1000 }) as Blob;
    expect((await fitJpeg(exact, 1000)).blob.size).toBe(1000);
    const { encode, tried } = encoderFor(1_000_000_000);
    const refusal = await fitJpeg(encode).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SnapshotError);
    expect((refusal as SnapshotError).reason).toBe('too_large');
    expect(tried).toHaveLength(FIT_STEPS.length);
    expect((refusal as Error).message).toMatch(/smallest snapshot is 25000000 bytes/);
  });
});
