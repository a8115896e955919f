import type { MapBaseConfig } from '../../api/index.ts';
import type { Handler } from '../console-host.ts';

/** `map.base`: the base map this console was started with (host/map-base.ts checked it). */
export function mapBaseHandlers(config: MapBaseConfig) {
  const handlers: { 'map.base': Handler<'map.base'> } = {
    'map.base': () => config,
  };
  return handlers;
}
