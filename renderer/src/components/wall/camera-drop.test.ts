import { describe, expect, it } from 'vitest';
import { CAMERA_DRAG_TYPE, carriesCamera, droppedCamera } from './camera-drop.ts';

const transfer = (items: Record<string, string>) => ({ types: Object.keys(items), getData: (type: string) => items[type] ?? '' });

describe('a camera dropped on the wall', () => {
  it('is recognised by its drag type only', () => {
    expect(carriesCamera(transfer({ [CAMERA_DRAG_TYPE]: 'cam-0001' }))).toBe(true);
    expect(carriesCamera(transfer({ 'text/plain': 'cam-0001' }))).toBe(false);
    expect(carriesCamera(null)).toBe(false);
  });

  it('gives its camera id, and nothing for empty or malformed data', () => {
    expect(droppedCamera(transfer({ [CAMERA_DRAG_TYPE]: ' cam-0001 ' }))).toBe('cam-0001');
    expect(droppedCamera(transfer({ 'text/plain': 'cam-0001' }))).toBeNull();
    expect(droppedCamera(transfer({ [CAMERA_DRAG_TYPE]: '' }))).toBeNull();
    expect(droppedCamera(transfer({ [CAMERA_DRAG_TYPE]: 'cam 1' }))).toBeNull();
    expect(droppedCamera(transfer({ [CAMERA_DRAG_TYPE]: 'x'.repeat(201) }))).toBeNull();
  });
});
