import { describe, expect, it } from 'vitest';
import { ENTITY_SCHEMAS } from './entities.ts';
import { ENTITY_KINDS, isEntityKind } from './kinds.ts';

describe('entity kinds', () => {
  it('are the kinds the schemas define, in their order', () => {
    expect(ENTITY_KINDS).toEqual(Object.keys(ENTITY_SCHEMAS));
  });

  it('recognise a kind name and nothing else', () => {
    for (const kind of ENTITY_KINDS) expect(isEntityKind(kind)).toBe(true);
    for (const other of ['Incident', 'incidents', '', 'toString', '__proto__', 'hasOwnProperty', null, 1, ['incident']]) {
      expect(isEntityKind(other), String(other)).toBe(false);
    }
  });
});
