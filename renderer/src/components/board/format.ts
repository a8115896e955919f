// IncidentBoard.vue still imports from here; the board's rewrite imports '../../format.ts' directly and deletes this file.
export { formatElapsed } from '../../format.ts';
