import type { ConsoleClient } from '../../api/client.ts';
import type { MapBaseConfig } from './create-map.ts';

const answered = new WeakMap<ConsoleClient, Promise<MapBaseConfig>>();

/**
 * The base map this console was started with (`map.base`), asked once per
 * client: it cannot change while the host runs. Without an answer (the host
 * unreachable) the offline base: a map is better than none, and the next
 * map to open asks again.
 */
export function mapBaseOf(client: ConsoleClient): Promise<MapBaseConfig> {
  let config = answered.get(client);
  if (!config) {
    config = client.call('map.base', {}).catch((): MapBaseConfig => {
      answered.delete(client);
      return { tiles: null };
    });
    answered.set(client, config);
  }
  return config;
}
