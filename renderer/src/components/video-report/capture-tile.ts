import { FIT_STEPS, SNAPSHOT_MAX_BYTES, SnapshotError, fitJpeg, type FitStep } from './snapshot-fit.ts';

/** HTMLMediaElement.HAVE_CURRENT_DATA: the frame at the current position is there to draw. */
const HAVE_CURRENT_DATA = 2;

/** A still of a camera tile, ready to file: the JPEG, its size, and its bytes as base64 (what `video.report` takes). */
export interface TileSnapshot {
  camera: string;
  blob: Blob;
  /** `data:image/jpeg;base64,…`: the preview's src (CSP img-src allows data:). */
  dataUrl: string;
  base64: string;
  width: number;
  height: number;
  step: FitStep;
}

export interface CaptureOptions {
  maxBytes?: number;
  steps?: readonly FitStep[];
  /** Makes the canvases (a test passes its own). */
  createCanvas?: () => HTMLCanvasElement;
}

/**
 * The current frame of the `<video>` inside a tile (any element holding a
 * `[data-camera]` tile, or the tile itself), as a JPEG under the attach
 * limit (snapshot-fit.ts). The frame is drawn once, at once, onto a canvas
 * of the video's own size, and every encoding is made from that canvas: the
 * video plays on while the encoder works, and the still must be one instant.
 *
 * The tile's video plays through hls.js into a MediaSource, whose blob: URL
 * is this page's origin, so the canvas is not tainted even though the media
 * server is another origin (which serves CORS for hls.js's own requests
 * anyway). A video played straight from another origin without CORS would
 * taint it: that is reported as `tainted`, never as a blank picture.
 */
export async function captureTile(el: HTMLElement, options: CaptureOptions = {}): Promise<TileSnapshot> {
  const createCanvas = options.createCanvas ?? (() => document.createElement('canvas'));
  const camera = cameraOf(el);
  if (camera === null) throw new SnapshotError('no_camera', 'the tile shows no camera');
  const video = el.querySelector('video');
  if (!video) throw new SnapshotError('no_video', 'the tile has no video');
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (video.readyState < HAVE_CURRENT_DATA || width === 0 || height === 0) {
    throw new SnapshotError('no_frame', 'the tile is not showing a picture yet');
  }

  const frame = createCanvas();
  frame.width = width;
  frame.height = height;
  frame.getContext('2d')!.drawImage(video, 0, 0, width, height);

  const encode = (step: FitStep): Promise<Blob> => {
    let canvas = frame;
    if (step.scale !== 1) {
      canvas = createCanvas();
      canvas.width = Math.max(1, Math.round(width * step.scale));
      canvas.height = Math.max(1, Math.round(height * step.scale));
      canvas.getContext('2d')!.drawImage(frame, 0, 0, canvas.width, canvas.height);
    }
    return jpegOf(canvas, step.quality);
  };
  const { blob, step } = await fitJpeg(encode, options.maxBytes ?? SNAPSHOT_MAX_BYTES, options.steps ?? FIT_STEPS);
  const dataUrl = await dataUrlOf(blob);
  return {
    camera,
    blob,
    dataUrl,
    base64: dataUrl.slice(dataUrl.indexOf(',') + 1),
    width: Math.max(1, Math.round(width * step.scale)),
    height: Math.max(1, Math.round(height * step.scale)),
    step,
  };
}

/** The camera of the tile: the element's own `data-camera`, or the first tile's inside it. */
function cameraOf(el: HTMLElement): string | null {
  if (el.dataset.camera) return el.dataset.camera;
  const tile = el.querySelector<HTMLElement>('[data-camera]:not([data-camera=""])');
  return tile?.dataset.camera ?? null;
}

function jpegOf(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    try {
      canvas.toBlob(
        (blob) => {
          if (blob && blob.type === 'image/jpeg') resolve(blob);
          else reject(new SnapshotError('encode_failed', 'the browser could not encode the frame as JPEG'));
        },
        'image/jpeg',
        quality,
      );
    } catch (error) {
      // A canvas holding pixels from another origin without CORS cannot be read.
      if (error instanceof DOMException && error.name === 'SecurityError') {
        reject(new SnapshotError('tainted', 'the video comes from another origin that does not allow reading its pictures (CORS)'));
      } else reject(error);
    }
  });
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('could not read the snapshot'));
    reader.readAsDataURL(blob);
  });
}
