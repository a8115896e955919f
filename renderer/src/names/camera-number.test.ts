import { describe, expect, it } from 'vitest';
import { cameraNumber } from './camera-number.ts';

describe('a camera’s number', () => {
  it('is its id without the platform’s prefix; another shape of id is kept whole', () => {
    expect(cameraNumber('cam-0345')).toBe('0345');
    expect(cameraNumber('cam-road-12')).toBe('road-12');
    expect(cameraNumber('XM-3502-0001')).toBe('XM-3502-0001');
  });
});
