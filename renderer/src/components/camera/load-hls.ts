import type { InjectionKey } from 'vue';
import type { CreateHls } from './camera-player.ts';

/** Gives a tile its hls.js factory once the library is loaded. */
export type LoadHls = () => Promise<CreateHls>;

let loaded: Promise<CreateHls> | null = null;

/**
 * hls.js, loaded the first time a tile needs it: a large module that the
 * call taker's and the chief's first screens do without (start-up time).
 */
export const loadHls: LoadHls = () => {
  loaded ??= import('hls.js').then(({ default: Hls }) => {
    if (!Hls.isSupported()) throw new Error('this browser cannot play HLS through Media Source Extensions');
    return (config) => new Hls({ ...config });
  });
  // A failed load (a chunk not fetched) is tried again by the next tile.
  loaded.catch(() => (loaded = null));
  return loaded;
};

/** Tests provide a fake; the app uses `loadHls`. */
export const LoadHlsKey: InjectionKey<LoadHls> = Symbol('LoadHls');
