import { describe, expect, it } from 'vitest';
import { MAX_ZOOM, UNZOOMED, panBy, zoomAt, type ZoomView } from './digital-zoom.ts';

const W = 640;
const H = 360;
/** Where the picture's point (cx, cy) (unzoomed tile pixels) is drawn in the tile. */
const drawnAt = (view: ZoomView, cx: number, cy: number) => [view.x + cx * view.scale, view.y + cy * view.scale];

describe('digital zoom of a tile', () => {
  it('zooms in toward the pointer: the point under it stays put', () => {
    const view = zoomAt(UNZOOMED, -300, 200, 100, W, H);
    expect(view.scale).toBeCloseTo(Math.exp(0.6));
    const [x, y] = drawnAt(view, 200, 100);
    expect(x).toBeCloseTo(200);
    expect(y).toBeCloseTo(100);
  });

  it('zooms between 1× and 4×, and back at 1× the picture is where it was', () => {
    let view = UNZOOMED;
    for (let i = 0; i < 20; i++) view = zoomAt(view, -100, 600, 300, W, H);
    expect(view.scale).toBe(MAX_ZOOM);
    for (let i = 0; i < 20; i++) view = zoomAt(view, 100, 10, 10, W, H);
    expect(view).toEqual(UNZOOMED);
    expect(zoomAt(UNZOOMED, 100, 10, 10, W, H)).toEqual(UNZOOMED);
  });

  it('pans a zoomed picture but never past its edges, and does not pan an unzoomed one', () => {
    const zoomed = zoomAt(UNZOOMED, -Math.log(2) / 0.002, 0, 0, W, H); // 2×, anchored top-left
    expect(zoomed.scale).toBeCloseTo(2);
    expect(panBy(zoomed, -100, -50, W, H)).toMatchObject({ x: -100, y: -50 });
    expect(panBy(zoomed, 500, 500, W, H)).toMatchObject({ x: 0, y: 0 });
    const far = panBy(zoomed, -5000, -5000, W, H);
    expect(far.x).toBeCloseTo(W - W * 2);
    expect(far.y).toBeCloseTo(H - H * 2);
    expect(panBy(UNZOOMED, 50, 50, W, H)).toEqual(UNZOOMED);
  });
});
