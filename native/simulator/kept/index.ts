export { ArchiveRestore } from './archive-restore.ts';
export { CityKeeper, KEEP_EVERY_MS } from './keeper.ts';
export { KEPT_COMMANDS, KEPT_LOG_TAIL, keepPlatform, restoreEntities, restorePlatform } from './platform-state.ts';
export {
  KEPT_FILE,
  KEPT_FILE_V1,
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
export type {
  CityShape,
  KeptAttachment,
  KeptEntities,
  KeptHead,
  KeptPlatform,
  KeptPlatformHead,
  KeptReading,
  KeptState,
} from './state-file.ts';
