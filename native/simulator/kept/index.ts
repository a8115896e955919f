export { CityKeeper, KEEP_EVERY_MS } from './keeper.ts';
export { KEPT_COMMANDS, KEPT_LOG_TAIL, keepPlatform, restorePlatform } from './platform-state.ts';
export {
  KEPT_FILE,
  KEPT_FORMAT,
  KEPT_MAX_AGE_MS,
  KEPT_VERSION,
  keptFile,
  markRunning,
  markStopped,
  readKeptState,
  runningFile,
  setKeptAside,
  writeKeptState,
} from './state-file.ts';
export type { CityShape, KeptAttachment, KeptPlatform, KeptState } from './state-file.ts';
