import { describe, expect, it } from 'vitest';
import { parseScenario } from '../simulator/city/scenario.ts';
import { collectScenarioForm, parseArchiveDays, scenarioFormProblem } from './demo-options.ts';
import { UsageError } from './usage.ts';

describe("the demo's options as serve and start check them before loading the demo", () => {
  const WELL_FORMED = ['normal', 'cluster', 'cluster:criminal.theft', 'cluster@14:30', 'cluster:criminal.theft@9:05', 'surge:350206', 'surge:350206:110@15:00'];
  const MALFORMED = ['', 'storm', 'cluster:Theft', 'normal@10:00', 'surge', 'surge:999999', 'surge:350206:911', 'cluster@25:00', 'cluster@10:61', 'cluster@10:00@11:00'];

  it('takes what the demo plants and refuses what it would refuse, saying why', () => {
    for (const text of WELL_FORMED) {
      expect(scenarioFormProblem(text), text).toBeNull();
      expect(() => parseScenario(text, Date.UTC(2026, 11, 2, 2), 'Asia/Shanghai'), text).not.toThrow();
    }
    for (const text of MALFORMED) {
      expect(scenarioFormProblem(text), text).toMatch(/scenario/);
      expect(() => parseScenario(text, Date.UTC(2026, 11, 2, 2), 'Asia/Shanghai'), text).toThrow();
    }
    expect(scenarioFormProblem('surge:999999')).toContain('350203');
  });

  it('collects repeated switches in order and makes a malformed one a usage error', () => {
    expect(collectScenarioForm('surge:350206', collectScenarioForm('cluster', []))).toEqual(['cluster', 'surge:350206']);
    expect(() => collectScenarioForm('storm', [])).toThrow(UsageError);
  });

  it('takes whole archive days from 0 to 366', () => {
    expect(parseArchiveDays('0')).toBe(0);
    expect(parseArchiveDays('28')).toBe(28);
    for (const bad of ['', '-1', '2.5', '367', 'x']) expect(() => parseArchiveDays(bad), bad).toThrow(UsageError);
  });
});
