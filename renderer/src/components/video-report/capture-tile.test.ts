// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { captureTile } from './capture-tile.ts';
import { SnapshotError } from './snapshot-fit.ts';

/** A wall slot holding a camera tile whose video shows a frame of `width`×`height` (0×0: no frame yet). */
function tile(camera: string, width: number, height: number, readyState = 4): HTMLElement {
  const slot = document.createElement('div');
  slot.className = 'wall-slot';
  slot.dataset.camera = camera;
  const figure = document.createElement('figure');
  figure.dataset.camera = camera;
  const video = document.createElement('video');
  Object.defineProperty(video, 'videoWidth', { value: width });
  Object.defineProperty(video, 'videoHeight', { value: height });
  Object.defineProperty(video, 'readyState', { value: readyState });
  figure.append(video);
  slot.append(figure);
  return slot;
}

/**
 * Canvases that record what is drawn on them and encode a JPEG whose size
 * is `bytesPerPixel` × their area × the quality; `toBlob` throws
 * SecurityError when `tainted`.
 */
function fakeCanvases(options: { bytesPerPixel: number; tainted?: boolean }) {
  const made: { width: number; height: number; drawn: unknown[]; quality: number[] }[] = [];
  const createCanvas = () => {
    const record = { width: 0, height: 0, drawn: [] as unknown[], quality: [] as number[] };
    made.push(record);
    const canvas = {
      set width(v: number) {
        record.width = v;
      },
      get width() {
        return record.width;
      },
      set height(v: number) {
        record.height = v;
      },
      get height() {
        return record.height;
      },
      getContext: () => ({ drawImage: (source: unknown) => record.drawn.push(source) }),
      toBlob: (done: (blob: Blob | null) => void, type: string, quality: number) => {
        if (options.tainted) throw new DOMException('Tainted canvases may not be exported.', 'SecurityError');
        record.quality.push(quality);
        const size = Math.round(record.width * record.height * options.bytesPerPixel * quality);
        const bytes = new Uint8Array(size);
        bytes.set([0xff, 0xd8, 0xff], 0);
        setTimeout(() => done(new Blob([bytes], { type })), 0);
      },
    };
    return canvas as unknown as HTMLCanvasElement;
  };
  return { createCanvas, made };
}

describe('captureTile: the frame a tile shows, as a JPEG to file', () => {
  it('draws the frame once at the video size and gives its JPEG, its base64 and the camera', async () => {
    const el = tile('cam-0042', 1280, 720);
    const { createCanvas, made } = fakeCanvases({ bytesPerPixel: 0.5 });
    const shot = await captureTile(el, { createCanvas });
    expect(shot).toMatchObject({ camera: 'cam-0042', width: 1280, height: 720, step: { scale: 1, quality: 0.92 } });
    expect(made).toHaveLength(1);
    expect(made[0]!.drawn).toEqual([el.querySelector('video')]);
    expect(shot.dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(atob(shot.base64).slice(0, 3)).toBe('\xff\xd8\xff');
    expect(shot.blob.size).toBe(Math.round(1280 * 720 * 0.5 * 0.92));
  });

  it('scales a picture that does not fit from the one drawn frame, never from the playing video again', async () => {
    const el = tile('cam-0042', 3840, 2160);
    const { createCanvas, made } = fakeCanvases({ bytesPerPixel: 0.4 }); // 3 MB at full size and quality
    const shot = await captureTile(el, { createCanvas });
    expect(shot.blob.size).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(shot.step.scale).toBeLessThan(1);
    expect(shot.width).toBe(Math.round(3840 * shot.step.scale));
    const video = el.querySelector('video');
    expect(made[0]!.drawn).toEqual([video]);
    for (const scaled of made.slice(1)) expect(scaled.drawn).toEqual([expect.not.objectContaining({ tagName: 'VIDEO' })]);
  });

  it('says why there is no snapshot: no camera, no video, no picture yet, a tainted canvas', async () => {
    const reason = (p: Promise<unknown>) =>
      p.then(
        () => 'made',
        (e: unknown) => (e instanceof SnapshotError ? e.reason : String(e)),
      );
    const { createCanvas } = fakeCanvases({ bytesPerPixel: 0.5 });
    expect(await reason(captureTile(document.createElement('div'), { createCanvas }))).toBe('no_camera');
    const empty = document.createElement('div');
    empty.dataset.camera = 'cam-1';
    expect(await reason(captureTile(empty, { createCanvas }))).toBe('no_video');
    expect(await reason(captureTile(tile('cam-1', 0, 0), { createCanvas }))).toBe('no_frame');
    expect(await reason(captureTile(tile('cam-1', 640, 360, 1), { createCanvas }))).toBe('no_frame');
    expect(await reason(captureTile(tile('cam-1', 640, 360), fakeCanvases({ bytesPerPixel: 0.5, tainted: true })))).toBe('tainted');
  });
});
