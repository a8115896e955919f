import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** resources/video/ of this checkout (this file is native/simulator/media/clips.ts). */
export const DEFAULT_VIDEO_DIR = fileURLToPath(new URL('../../../resources/video/', import.meta.url));

export const RENDITIONS = ['main', 'sub'] as const;
export type Rendition = (typeof RENDITIONS)[number];

export interface Segment {
  /** Seconds, as in the index (2 for every committed clip). */
  duration: number;
  bytes: Buffer;
}

export interface Look {
  name: string;
  main: Segment[];
  sub: Segment[];
}

export interface RenditionInfo {
  width: number;
  height: number;
  fps: number;
  /** RFC 6381 codecs string for a master playlist. */
  codecs: string;
}

export interface ClipLibrary {
  /** The nominal segment length; every segment of every look lasts this long. */
  segmentSeconds: number;
  renditions: Record<Rendition, RenditionInfo>;
  looks: Look[];
}

interface IndexFile {
  segmentSeconds: number;
  renditions: Record<Rendition, RenditionInfo>;
  looks: Array<{ name: string } & Record<Rendition, number[]>>;
}

/**
 * Reads resources/video/index.json and every segment it names into memory
 * (about 3 MB in all). Throws when the clips don't fit the server's model:
 * each look's renditions have the same number of segments, each lasting
 * `segmentSeconds` (the sliding window's arithmetic depends on it).
 */
export function loadClips(dir: string = DEFAULT_VIDEO_DIR): ClipLibrary {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as IndexFile;
  const seg = index.segmentSeconds;
  if (!(seg > 0) || !Array.isArray(index.looks) || index.looks.length === 0) {
    throw new Error(`${dir}/index.json: no looks or no segmentSeconds`);
  }
  const looks = index.looks.map((entry): Look => {
    const read = (rendition: Rendition): Segment[] => {
      const durations = entry[rendition];
      if (!Array.isArray(durations) || durations.length === 0) throw new Error(`look ${entry.name}: no ${rendition} segments`);
      return durations.map((duration, n) => {
        if (Math.abs(duration - seg) > 0.05) {
          throw new Error(`look ${entry.name} ${rendition} seg-${n}: ${duration} s, expected ${seg} s`);
        }
        return { duration, bytes: readFileSync(join(dir, entry.name, rendition, `seg-${n}.ts`)) };
      });
    };
    const look = { name: entry.name, main: read('main'), sub: read('sub') };
    if (look.main.length !== look.sub.length) throw new Error(`look ${entry.name}: main and sub differ in length`);
    return look;
  });
  return { segmentSeconds: seg, renditions: index.renditions, looks };
}
