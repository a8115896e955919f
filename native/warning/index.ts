/** Early warning (issue 14): the method's core, pure. The host (native/host/warnings/) feeds it from the cache. */
export type { CallRecord, Finding, IncidentRecord, Random, WarningInputs } from './types.ts';
export { Detector, detect, seededRandom } from './detector.ts';
export type { KeptNull } from './clusters.ts';
export { inputsFromEntities } from './inputs.ts';
export { assignKeys, freshKey } from './keys.ts';
export { humanText, markerNote, parseMarker, MARKER_PREFIX } from './marker.ts';
export { DEFAULT_WARNING_SETTINGS, HISTORY_DAYS, expectedFalsePerDay } from './settings.ts';
export { convexHull } from './hull.ts';
export { surgeSpans } from './surges.ts';
