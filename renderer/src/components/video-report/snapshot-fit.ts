/** incident.attach's limit (spec §7): 2 MiB of bytes. */
export const SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024;

/** One way to encode the frame: its size (a fraction of the video's) and the JPEG quality. */
export interface FitStep {
  scale: number;
  quality: number;
}

/**
 * The encodings tried, best first: the quality falls before the size does
 * (a smaller picture loses detail a traffic officer reads, a plate or a lane;
 * JPEG quality 0.75 rarely shows), then both. A 1080p frame of a street
 * encodes to a few hundred KB at 0.92, so the first step fits almost always;
 * the rest are for 4K gateways and very busy scenes.
 */
export const FIT_STEPS: readonly FitStep[] = [
  { scale: 1, quality: 0.92 },
  { scale: 1, quality: 0.8 },
  { scale: 1, quality: 0.65 },
  { scale: 0.75, quality: 0.75 },
  { scale: 0.75, quality: 0.6 },
  { scale: 0.5, quality: 0.7 },
  { scale: 0.5, quality: 0.5 },
  { scale: 0.35, quality: 0.5 },
  { scale: 0.25, quality: 0.4 },
];

/** The snapshot could not be made within the limit, or not at all. */
export class SnapshotError extends Error {
  constructor(
    readonly reason: 'no_camera' | 'no_video' | 'no_frame' | 'tainted' | 'encode_failed' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/**
 * The first encoding of FIT_STEPS that is at most `maxBytes`: `encode` makes
 * one (the caller draws the same frame each time). Throws SnapshotError
 * `too_large` when even the smallest does not fit.
 */
export async function fitJpeg(
  encode: (step: FitStep) => Promise<Blob>,
  maxBytes = SNAPSHOT_MAX_BYTES,
  steps: readonly FitStep[] = FIT_STEPS,
): Promise<{ blob: Blob; step: FitStep }> {
  let smallest = Infinity;
  for (const step of steps) {
    const blob = await encode(step);
    if (blob.size <= maxBytes) return { blob, step };
    smallest = Math.min(smallest, blob.size);
  }
  throw new SnapshotError('too_large', `the smallest snapshot is ${smallest} bytes, over the ${maxBytes}-byte limit`);
}
