/** What a tile is asked to play: a fixed rendition, or `auto` by its size on screen. */
export type StreamMode = 'sub' | 'main' | 'auto';
export type Rendition = 'sub' | 'main';

/**
 * `auto` plays `main` from this width on screen (device pixels): a camera's
 * sub stream is typically 320–704 px wide (D1 at most), so a tile half again
 * as wide shows it blown up. Back to `sub` only below SUB_BELOW_PX, so a tile
 * resized around one width does not flip between streams (each flip starts
 * the player over).
 */
export const MAIN_FROM_PX = 960;
export const SUB_BELOW_PX = 800;

/**
 * The rendition a tile plays. Grid tiles play `sub`, a large tile `main`
 * (what Milestone, Genetec and Frigate do); a camera without a sub stream
 * plays `main` whatever the size.
 */
export function chooseRendition(mode: StreamMode, widthPx: number, current: Rendition | null, hasSub: boolean): Rendition {
  if (!hasSub) return 'main';
  if (mode !== 'auto') return mode;
  if (widthPx >= MAIN_FROM_PX) return 'main';
  if (current === 'main' && widthPx >= SUB_BELOW_PX) return 'main';
  return 'sub';
}
