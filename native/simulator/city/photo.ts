import { deflateSync } from 'node:zlib';
import { seededRandom } from '../time.ts';
import type { Random } from '../types.ts';

/**
 * A photo as the platform serves it (GET /files/ID), drawn from `seed` when
 * first asked for: most photos are never looked at, and drawing and
 * compressing every one of a day's reports up front took about a third of
 * the demo city's start (measured: 9.8 s of 24 s at rate 20 by 23:55).
 */
export function photoFile(seed: number): { mime: string; readonly seed: number; readonly bytes: Buffer } {
  let bytes: Buffer | null = null;
  return {
    mime: 'image/png',
    // A kept city (simulator/kept/) keeps the seed, not the bytes.
    seed,
    get bytes() {
      return (bytes ??= makePhoto(seededRandom(seed)));
    },
  };
}

/**
 * A small, real PNG standing in for a volunteer's or a camera's photo: a
 * sky-to-ground gradient, a few blocks (buildings, a car), a dark crack and
 * sensor noise, all from `random`, so every report's photo differs and a
 * seed repeats them. 120×90 RGB, a few KB — enough for the console to show,
 * store and serve without shipping image files.
 */
export function makePhoto(random: Random, width = 120, height = 90): Buffer {
  const hue = random();
  const sky = [150 + 60 * hue, 180 + 40 * random(), 220] as const;
  const ground = [90 + 50 * random(), 90 + 40 * hue, 80 + 30 * random()] as const;
  const horizon = Math.floor(height * (0.35 + 0.25 * random()));
  const blocks = Array.from({ length: 3 + Math.floor(random() * 4) }, () => {
    const w = 10 + Math.floor(random() * 40);
    const h = 10 + Math.floor(random() * 50);
    const x = Math.floor(random() * (width - w));
    return { x, y: horizon - h + Math.floor(random() * 20), w, h, c: [60 + random() * 150, 60 + random() * 150, 60 + random() * 150] };
  });
  // A crack: a jagged line across the lower half.
  const crack: number[] = [];
  let cy = horizon + Math.floor(random() * (height - horizon - 10));
  for (let x = 0; x < width; x++) {
    cy = Math.max(horizon, Math.min(height - 1, cy + Math.round((random() - 0.5) * 3)));
    crack.push(cy);
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const cellNoise = new Float64Array(Math.ceil(width / 4));
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    const top = y < horizon;
    const f = top ? y / horizon : (y - horizon) / (height - horizon);
    const base = top ? sky : ground;
    const shade = top ? 40 * f : 30 * f;
    for (let x = 0; x < width; x++) {
      let r = base[0] - shade;
      let g = base[1] - shade;
      let b = base[2] - shade;
      for (const k of blocks) if (x >= k.x && x < k.x + k.w && y >= k.y && y < k.y + k.h) [r, g, b] = k.c as [number, number, number];
      if (Math.abs(crack[x]! - y) < 1) [r, g, b] = [30, 25, 20];
      // Noise per 4×4 cell, not per pixel: texture that still compresses to a few KB.
      if ((x & 3) === 0 && (y & 3) === 0) cellNoise[x >> 2] = (random() - 0.5) * 14;
      const noise = cellNoise[x >> 2]!;
      raw[o++] = clamp(r + noise);
      raw[o++] = clamp(g + noise);
      raw[o++] = clamp(b + noise);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([len, body, crc]);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
