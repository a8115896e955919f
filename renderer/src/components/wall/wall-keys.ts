import { layoutForKey, type Direction, type WallLayout } from './layouts.ts';

/**
 * What a key pressed on the wall asks for. Keyboard-first, as a patroller
 * watching for hours works: arrows pick the tile, Enter maximises it and Esc
 * brings the wall back, Delete empties it, the digits 1–8 pick a layout and
 * C puts the selected incident's nearest cameras up. S (snapshot) and the
 * tour keys belong to the tile and the tours, so they are not taken here.
 */
export type WallKeyAction =
  | { kind: 'layout'; layout: WallLayout }
  | { kind: 'move'; direction: Direction }
  | { kind: 'maximise' }
  | { kind: 'restore' }
  | { kind: 'clear' }
  | { kind: 'nearest' };

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/** The wall's action for a key press, or null when the key is not the wall's (modifiers other than Shift: the shell's or the browser's). */
export function wallKeyAction(event: KeyPress): WallKeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const direction = ARROWS[event.key];
  if (direction) return { kind: 'move', direction };
  const layout = layoutForKey(event.key);
  if (layout) return { kind: 'layout', layout };
  switch (event.key) {
    case 'Enter':
      return { kind: 'maximise' };
    case 'Escape':
      return { kind: 'restore' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'clear' };
    case 'c':
    case 'C':
      return { kind: 'nearest' };
    default:
      return null;
  }
}

/** Keys typed into a field are the field's, never the wall's. */
export function isTextEntry(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
