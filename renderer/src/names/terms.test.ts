import { describe, expect, it } from 'vitest';
import { INCIDENT_SOURCES, INCIDENT_STATUSES, LEVELS } from '../../../native/api/rules.ts';
import { districtName, termName } from './terms.ts';
import { readableCode } from './readable.ts';
import { wordsIn } from './test-words.ts';

const zh = wordsIn('zh-CN');
const en = wordsIn('en');

describe('the closed vocabularies by name', () => {
  it('names statuses, levels, sources, event and unit kinds in both languages', () => {
    expect(termName(zh, 'status', 'on_scene')).toBe('已到场');
    expect(termName(en, 'status', 'on_scene')).toBe('On scene');
    expect(termName(zh, 'level', 'street')).toBe('街道');
    expect(termName(en, 'source', 'city_mgmt')).toBe('City management');
    expect(termName(zh, 'sourceShort', '119')).toBe('119');
    expect(termName(zh, 'eventKind', 'expire')).toBe('推送超时');
    expect(termName(en, 'eventKind', 'decline')).toBe('Declined');
    expect(termName(zh, 'departmentKind', 'traffic_police')).toBe('交警');
    expect(termName(en, 'role', 'video_patroller')).toBe('Video patroller');
    expect(termName(en, 'error', 'invalid')).toBe('The platform found the arguments invalid');
  });

  it('has a word for every status, level and source the rules know', () => {
    for (const words of [zh, en]) {
      for (const code of INCIDENT_STATUSES) expect(words.te(`incident.status.${code}`), code).toBe(true);
      for (const code of LEVELS) expect(words.te(`boardArea.level.${code}`), code).toBe(true);
      for (const code of INCIDENT_SOURCES) expect(words.te(`boardArea.source.${code}`), code).toBe(true);
    }
  });

  it('shows a word it does not know made readable, never as its code', () => {
    expect(termName(en, 'status', 'awaiting_review')).toBe('Awaiting review');
    expect(termName(zh, 'departmentKind', 'water_authority')).toBe('Water authority');
    expect(termName(en, 'linkError', 'socket_hang_up')).toBe('Socket hang up');
    expect(readableCode('on-scene')).toBe('On scene');
  });

  it('names districts by code, and says so when there is none', () => {
    expect(districtName(zh, '350206')).toBe('湖里区');
    expect(districtName(en, '350206')).toBe('Huli');
    expect(districtName(zh, null)).toBe('区域未知');
    expect(districtName(en, undefined)).toBe('No district');
    expect(districtName(en, '350299')).toBe('350299');
  });
});
