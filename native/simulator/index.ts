export { startPlatform, Platform, LINK_PATH } from './server.ts';
export type { PlatformOptions, CommandRecord, AckRecord } from './server.ts';
export { ChangeLog } from './log.ts';
export type { SnapshotItem } from './log.ts';
export { Session } from './session.ts';
export type { SessionStats, SessionSettings } from './session.ts';
export {
  applyCommand,
  canTransition,
  COMMAND_ARGS,
  ROLE_COMMANDS,
  TRANSITIONS,
} from './commands.ts';
export type { CommandOutcome, CommandContext } from './commands.ts';
export {
  createFaults,
  defaultFaults,
  clearFaults,
  injectStale,
  injectMalformed,
  MALFORMED_VARIANTS,
} from './faults.ts';
export type { Faults, MalformedVariant } from './faults.ts';
export { DEMO_TOKENS } from './tokens.ts';
export { formatTime, seededRandom, systemClock } from './time.ts';
export { RawClient, connectRaw } from './raw-client.ts';
export type { Change, Clock, Random, Operator, TokenMap, LogEntry } from './types.ts';
export { archiveDay, parseScenario, plantScenario, startCity } from './city/index.ts';
export type { ArchivedDay, City, CityOptions, CityFigures, CityPlatform, Scenario } from './city/index.ts';
