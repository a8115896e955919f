import { describe, expect, it } from 'vitest';
import { MAIN_FROM_PX, SUB_BELOW_PX, chooseRendition } from './stream-choice.ts';

describe('which stream a tile plays', () => {
  it('plays the rendition asked for, and main when the camera has no sub stream', () => {
    expect(chooseRendition('sub', 2000, null, true)).toBe('sub');
    expect(chooseRendition('main', 100, null, true)).toBe('main');
    expect(chooseRendition('sub', 100, null, false)).toBe('main');
    expect(chooseRendition('auto', 100, null, false)).toBe('main');
  });

  it('on auto, plays sub in a small tile and main in a large one, switching back only well below', () => {
    expect(chooseRendition('auto', 640, null, true)).toBe('sub');
    expect(chooseRendition('auto', MAIN_FROM_PX - 1, 'sub', true)).toBe('sub');
    expect(chooseRendition('auto', MAIN_FROM_PX, 'sub', true)).toBe('main');
    // Shrinking a little keeps main (no flip-flop around one width)…
    expect(chooseRendition('auto', SUB_BELOW_PX, 'main', true)).toBe('main');
    // …shrinking to a grid tile goes back to sub.
    expect(chooseRendition('auto', SUB_BELOW_PX - 1, 'main', true)).toBe('sub');
  });
});
