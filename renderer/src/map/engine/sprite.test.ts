import { describe, expect, it } from 'vitest';
import { parseColour, rasterStyle, stamp } from './sprite.ts';

const word = (r: number, g: number, b: number, a = 255) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;

describe('parseColour', () => {
  it('reads the hex and rgb() forms the styles use', () => {
    expect(parseColour('#36c')).toEqual([0x33, 0x66, 0xcc, 1]);
    expect(parseColour('#ffffff88')).toEqual([255, 255, 255, 0x88 / 255]);
    expect(parseColour('rgba(0, 0, 0, 0)')).toEqual([0, 0, 0, 0]);
    expect(parseColour(' RGB(10,20,30) ')).toEqual([10, 20, 30, 1]);
    expect(() => parseColour('tomato')).toThrow(/#hex or rgb/);
  });
});

describe('rasterStyle', () => {
  it('a circle: fill at the centre, its outline at the radius, nothing in the corners', () => {
    const s = rasterStyle({ radius: 4, fill: '#3366cc', stroke: '#ffffff' }, 1);
    const at = (dx: number, dy: number) => s.pixels[(s.half + dy) * s.size + s.half + dx];
    expect(at(0, 0)).toBe(word(0x33, 0x66, 0xcc));
    expect(at(4, 0)).toBe(word(255, 255, 255));
    expect(at(-s.half, -s.half)).toBe(0);
    expect(at(3, 3) >>> 24).toBeLessThan(255); // on the rim: part covered
  });

  it('a square reaches its corners; a ring is drawn around the shape, away from it', () => {
    const square = rasterStyle({ radius: 4, fill: '#000000', shape: 'square' }, 1);
    expect(square.pixels[(square.half - 3) * square.size + square.half - 3]).toBe(word(0, 0, 0));
    const ringed = rasterStyle({ radius: 4, fill: '#000000', ring: '#ff0000' }, 1);
    const row = ringed.half * ringed.size + ringed.half;
    expect(ringed.pixels[row + 7]).toBe(word(255, 0, 0));
    expect(ringed.pixels[row + 5] >>> 24).toBeLessThan(255);
  });

  it('scales with the device pixel ratio', () => {
    const one = rasterStyle({ radius: 4, fill: '#000' }, 1);
    const two = rasterStyle({ radius: 4, fill: '#000' }, 2);
    expect(two.half).toBeGreaterThanOrEqual(2 * one.half - 1);
    expect(two.pixels[two.half * two.size + two.half + 7]).toBe(word(0, 0, 0));
  });
});

describe('stamp', () => {
  it('clips at every edge and writes inside the buffer only', () => {
    const sprite = rasterStyle({ radius: 4, fill: '#ff0000' }, 1);
    const target = new Uint32Array(20 * 10);
    for (const [x, y] of [[0, 0], [19, 9], [-3, 5], [22, -2], [10, 12]]) stamp(target, 20, 10, sprite, x, y);
    expect(target[0]).toBe(word(255, 0, 0));
    expect(target[9 * 20 + 19]).toBe(word(255, 0, 0));
    expect(target[5 * 20]).toBe(word(255, 0, 0)); // the one at x -3 reaches column 0
    expect(target.length).toBe(200);
  });

  it('an opaque pixel replaces what was there; a part-covered one blends over it', () => {
    const opaque = { size: 1, half: 0, pixels: Uint32Array.of(word(0, 0, 255)), spans: Int16Array.of(0, 1) };
    const half = { size: 1, half: 0, pixels: Uint32Array.of(word(255, 0, 0, 128)), spans: Int16Array.of(0, 1) };
    const target = Uint32Array.of(word(0, 255, 0), 0, word(0, 255, 0, 128));
    stamp(target, 3, 1, opaque, 0, 0);
    stamp(target, 3, 1, half, 1, 0);
    stamp(target, 3, 1, half, 2, 0);
    expect(target[0]).toBe(word(0, 0, 255));
    expect(target[1]).toBe(word(255, 0, 0, 128));
    const mixed = target[2];
    expect(mixed >>> 24).toBe(192);
    expect(mixed & 255).toBeGreaterThan((mixed >>> 8) & 255); // red over green: more red
  });
});
