import { describe, expect, it } from 'vitest';
import { volunteerAnswersFromEnv } from './demo-answers.ts';

describe('the demo volunteers’ answers from the environment (tests only)', () => {
  it('none unless asked; a chance and a task scale when given', () => {
    expect(volunteerAnswersFromEnv({})).toBeUndefined();
    expect(volunteerAnswersFromEnv({ EGRET_DEMO_ACCEPT: '' })).toBeUndefined();
    expect(volunteerAnswersFromEnv({ EGRET_DEMO_ACCEPT: '1', EGRET_DEMO_TASK_SCALE: '0.01' })).toEqual({
      acceptChance: 1,
      taskScale: 0.01,
    });
    expect(volunteerAnswersFromEnv({ EGRET_DEMO_ACCEPT: '0' })).toEqual({ acceptChance: 0 });
  });

  it('refuses a value out of range, by name', () => {
    expect(() => volunteerAnswersFromEnv({ EGRET_DEMO_ACCEPT: '1.5' })).toThrow(/EGRET_DEMO_ACCEPT must be a number from 0 to 1/);
    expect(() => volunteerAnswersFromEnv({ EGRET_DEMO_ACCEPT: 'yes' })).toThrow(/EGRET_DEMO_ACCEPT/);
    expect(() => volunteerAnswersFromEnv({ EGRET_DEMO_TASK_SCALE: '0' })).toThrow(/EGRET_DEMO_TASK_SCALE must be above 0/);
  });
});
