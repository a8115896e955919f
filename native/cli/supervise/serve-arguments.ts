/**
 * The command line of the `egret serve` that `egret start` supervises: the
 * same data dir, port and options the operator gave `egret start`. The
 * console's API token is not among them (serve-messages.ts: it goes in the
 * environment).
 */
export interface ServeOptions {
  port: number;
  dataDir: string;
  demo: boolean;
  demoRate?: number | undefined;
  /** The demo's archive days (--demo-archive-days) and scenario switches (--demo-scenario, repeatable). */
  demoArchiveDays?: number | undefined;
  demoScenarios?: string[] | undefined;
  platform?: string | undefined;
  /** The platform's operator token (egret start's own --token, already on its command line). */
  platformToken?: string | undefined;
  ca?: string | undefined;
  mapTiles?: string | undefined;
  mapDatum?: string | undefined;
  mediaOrigins: string[];
}

export function serveArguments(options: ServeOptions): string[] {
  const args = ['serve', '--port', String(options.port), '--data', options.dataDir];
  if (options.demo) args.push('--demo');
  if (options.demoRate !== undefined) args.push('--demo-rate', String(options.demoRate));
  if (options.demoArchiveDays !== undefined) args.push('--demo-archive-days', String(options.demoArchiveDays));
  for (const scenario of options.demoScenarios ?? []) args.push('--demo-scenario', scenario);
  if (options.platform !== undefined) args.push('--platform', options.platform);
  if (options.platformToken !== undefined) args.push('--token', options.platformToken);
  if (options.ca !== undefined) args.push('--ca', options.ca);
  if (options.mapTiles !== undefined) args.push('--map-tiles', options.mapTiles);
  if (options.mapDatum !== undefined) args.push('--map-datum', options.mapDatum);
  for (const origin of options.mediaOrigins) args.push('--media-origin', origin);
  return args;
}
