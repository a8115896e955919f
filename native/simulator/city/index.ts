export { startCity } from './city.ts';
export type { City, CityOptions, CityFigures } from './city.ts';
export type { CityPlatform } from './world.ts';
export { DEPARTMENTS } from './departments.ts';
export { DISTRICT_LIST, STREETS, MAIN_ROADS } from './geography.ts';
export { DistrictMap, DEFAULT_MAP_FILE } from './district-map.ts';
export { archiveDay, archiveHour, type ArchiveDayOptions, type ArchivedDay } from './archive.ts';
export { parseScenario, planScenario, plantScenario, type PlantedCall, type Scenario } from './scenario.ts';
