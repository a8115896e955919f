import { describe, expect, it } from 'vitest';
import { mapBaseEnv, mapBaseFrom } from './map-options.ts';
import { UsageError } from './usage.ts';

const TILES = 'https://gis.xm.gov/tiles/{z}/{x}/{y}.png';

describe('the base map options of egret start/serve', () => {
  it('take the flags first, then the environment', () => {
    expect(mapBaseFrom({}, {})).toEqual({ tiles: null });
    expect(mapBaseFrom({}, { EGRET_MAP_TILES: TILES, EGRET_MAP_DATUM: 'gcj02' }).tiles).toMatchObject({ url: TILES, datum: 'gcj02' });
    const other = 'http://127.0.0.1:7000/{z}/{x}/{y}.png';
    // A tile server given on the command line is not paired with a datum meant for the one in the environment.
    expect(mapBaseFrom({ mapTiles: other }, { EGRET_MAP_TILES: TILES, EGRET_MAP_DATUM: 'gcj02' }).tiles).toMatchObject({ url: other, datum: 'wgs84' });
    expect(mapBaseFrom({ mapDatum: 'wgs84' }, { EGRET_MAP_TILES: TILES, EGRET_MAP_DATUM: 'gcj02' }).tiles).toMatchObject({ url: TILES, datum: 'wgs84' });
  });

  it('make a bad value a usage error (exit 2) with the reason', () => {
    expect(() => mapBaseFrom({ mapTiles: 'https://gis.xm.gov/tiles.png' }, {})).toThrow(UsageError);
    expect(() => mapBaseFrom({}, { EGRET_MAP_TILES: TILES, EGRET_MAP_DATUM: 'baidu' })).toThrow(/got "baidu"/);
  });

  it('hand the tile server to Electron through its environment', () => {
    expect(mapBaseEnv({ tiles: null })).toEqual({});
    expect(mapBaseEnv(mapBaseFrom({ mapTiles: TILES, mapDatum: 'gcj02' }, {}))).toEqual({ EGRET_MAP_TILES: TILES, EGRET_MAP_DATUM: 'gcj02' });
  });
});
