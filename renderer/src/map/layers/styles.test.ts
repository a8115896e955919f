import { describe, expect, it } from 'vitest';
import {
  CAMERA_STYLES,
  INCIDENT_STYLES,
  PRIORITY_COLOURS,
  ROAD_STYLES,
  VOLUNTEER_STYLES,
  cameraStyle,
  incidentPhase,
  incidentStyle,
  phaseOfStyle,
  priorityOfStyle,
  roadStyle,
} from './styles.ts';
import { VOLUNTEER_STATES } from './position-book.ts';

const incident = (priority: number, status: string, overdue = false, open = true) => ({ priority, status, overdue, open });
const styleOf = (i: ReturnType<typeof incident>) => INCIDENT_STYLES[incidentStyle(i)]!;

describe('incident styles', () => {
  it('colour an incident by its priority', () => {
    for (const p of [1, 2, 3, 4]) expect(styleOf(incident(p, 'new')).fill).toBe(PRIORITY_COLOURS[p - 1]);
  });

  it('pulse an open P1, and nothing else', () => {
    expect(styleOf(incident(1, 'new')).pulse).toBe(true);
    expect(styleOf(incident(1, 'on_scene')).pulse).toBe(true);
    expect(styleOf(incident(2, 'new')).pulse).toBeFalsy();
    expect(styleOf(incident(1, 'closed', false, false)).pulse).toBeFalsy();
  });

  it('mark an overdue incident with a ring, waiting or being handled', () => {
    expect(styleOf(incident(2, 'new', true)).ring).toBeTruthy();
    expect(styleOf(incident(3, 'dispatched', true)).ring).toBeTruthy();
    expect(styleOf(incident(3, 'dispatched', false)).ring).toBeUndefined();
  });

  it('draw waiting incidents as circles and handled ones as diamonds', () => {
    expect(styleOf(incident(2, 'new')).shape).toBe('circle');
    expect(styleOf(incident(2, 'verified')).shape).toBe('circle');
    expect(styleOf(incident(2, 'accepted')).shape).toBe('diamond');
    expect(styleOf(incident(2, 'on_scene')).shape).toBe('diamond');
  });

  it('dim an incident ended in the window (a translucent fill, smaller) and never mark it overdue', () => {
    const ended = styleOf(incident(1, 'closed', true, false));
    expect(incidentPhase(incident(1, 'closed', true, false))).toBe('closed');
    expect(ended.fill).toMatch(/^#[0-9a-f]{6}[0-9a-f]{2}$/i);
    expect(ended.fill.slice(0, 7)).toBe(PRIORITY_COLOURS[0]);
    expect(ended.radius).toBeLessThan(styleOf(incident(1, 'new')).radius);
    expect(ended.ring).toBeUndefined();
  });

  it('give back the priority and phase a style stands for (the legend counts by them)', () => {
    for (const p of [1, 2, 3, 4])
      for (const [status, overdue, open, phase] of [
        ['new', false, true, 'waiting'],
        ['dispatched', true, true, 'handlingOverdue'],
        ['cancelled', false, false, 'closed'],
      ] as const) {
        const style = incidentStyle(incident(p, status, overdue, open));
        expect(priorityOfStyle(style)).toBe(p);
        expect(phaseOfStyle(style)).toBe(phase);
      }
  });

  it('keep every style index inside the table, whatever the priority says', () => {
    for (const p of [0, 1, 4, 9, 2.4]) expect(INCIDENT_STYLES[incidentStyle(incident(p, 'new'))]).toBeDefined();
  });
});

describe('camera, volunteer and road styles', () => {
  it('tell online, offline and flapping cameras apart', () => {
    const fills = (['online', 'offline', 'flapping'] as const).map((s) => CAMERA_STYLES[cameraStyle(s)]!.fill);
    expect(new Set(fills).size).toBe(3);
  });

  it('index volunteers by the wire state number, each state its own colour', () => {
    expect(VOLUNTEER_STYLES).toHaveLength(VOLUNTEER_STATES.length);
    expect(new Set(VOLUNTEER_STYLES.map((s) => s.fill)).size).toBe(VOLUNTEER_STATES.length);
    expect(VOLUNTEER_STYLES[VOLUNTEER_STATES.indexOf('offered')]!.ring).toBeTruthy();
  });

  it('colour roads from green to dark red as traffic worsens', () => {
    expect(ROAD_STYLES[roadStyle('smooth')]!.color).toBe('#34a853');
    expect(ROAD_STYLES[roadStyle('blocked')]!.color).toBe('#7b1010');
    expect(new Set(ROAD_STYLES.map((s) => s.color)).size).toBe(4);
  });
});
