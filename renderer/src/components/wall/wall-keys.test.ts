import { describe, expect, it } from 'vitest';
import { isTextEntry, wallKeyAction } from './wall-keys.ts';

const press = (key: string, mods: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean } = {}) =>
  wallKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keys on the wall', () => {
  it('move the selection with the arrows', () => {
    expect(press('ArrowLeft')).toEqual({ kind: 'move', direction: 'left' });
    expect(press('ArrowDown')).toEqual({ kind: 'move', direction: 'down' });
  });

  it('pick a layout with the digits 1–8 (4 is 16 tiles, 8 the 1+12 hotspot)', () => {
    expect(press('4')).toEqual({ kind: 'layout', layout: '16' });
    expect(press('8')).toEqual({ kind: 'layout', layout: '1+12' });
    expect(press('9')).toBeNull();
    expect(press('0')).toBeNull();
  });

  it('maximise with Enter, restore with Esc, clear with Delete, nearest cameras with C', () => {
    expect(press('Enter')).toEqual({ kind: 'maximise' });
    expect(press('Escape')).toEqual({ kind: 'restore' });
    expect(press('Delete')).toEqual({ kind: 'clear' });
    expect(press('Backspace')).toEqual({ kind: 'clear' });
    expect(press('c')).toEqual({ kind: 'nearest' });
    expect(press('C')).toEqual({ kind: 'nearest' });
  });

  it('leave keys with Ctrl, Alt or Meta, and the tile\'s own keys, to others', () => {
    expect(press('4', { ctrlKey: true })).toBeNull();
    expect(press('c', { metaKey: true })).toBeNull();
    expect(press('ArrowLeft', { altKey: true })).toBeNull();
    expect(press('s')).toBeNull();
    expect(press('t')).toBeNull();
  });

  it('never take keys typed into a field', () => {
    expect(isTextEntry({ tagName: 'INPUT', isContentEditable: false } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'SECTION', isContentEditable: false } as unknown as EventTarget)).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
