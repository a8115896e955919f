import type { Command } from 'commander';
import type { MapBaseConfig } from '../api/index.ts';
import { MapBaseConfigError, mapBaseConfig } from '../host/map-base.ts';
import { UsageError } from './usage.ts';

export interface MapArgs {
  mapTiles?: string;
  mapDatum?: string;
}

/** Adds --map-tiles/--map-datum (the base map's tile server, issue 11) to a command. */
export function withMapOptions(command: Command): Command {
  return command
    .option('--map-tiles <url>', 'XYZ tile server for the base map, http(s) with {z}/{x}/{y} (default: the offline districts; $EGRET_MAP_TILES)')
    .option('--map-datum <datum>', "the tile server's datum: wgs84 (also CGCS2000) or gcj02 (default wgs84; $EGRET_MAP_DATUM)");
}

/** The base map from the options (else the environment); a bad value is a usage error (exit 2), before anything starts. */
export function mapBaseFrom(args: MapArgs, env: NodeJS.ProcessEnv = process.env): MapBaseConfig {
  const tiles = args.mapTiles ?? env.EGRET_MAP_TILES;
  const datum = args.mapDatum ?? (args.mapTiles === undefined ? env.EGRET_MAP_DATUM : undefined);
  try {
    return mapBaseConfig({ tiles, datum });
  } catch (error) {
    if (error instanceof MapBaseConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The environment that hands the base map to Electron's main process (electron/main/main.ts reads it). */
export function mapBaseEnv(config: MapBaseConfig): Record<string, string> {
  return config.tiles ? { EGRET_MAP_TILES: config.tiles.url, EGRET_MAP_DATUM: config.tiles.datum } : {};
}
