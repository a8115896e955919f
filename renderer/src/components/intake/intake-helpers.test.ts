import { describe, expect, it } from 'vitest';
import { fieldOfIssuePath, newIncidentId } from '../../stores/intake.ts';
import { CATEGORY_OPTIONS } from './categories.ts';

describe('intake helpers', () => {
  it('places the host’s issue paths on form fields', () => {
    expect(fieldOfIssuePath('args.title')).toBe('title');
    expect(fieldOfIssuePath('args.caller.phone')).toBe('phone');
    expect(fieldOfIssuePath('args.caller.name')).toBe('name');
    expect(fieldOfIssuePath('args.source')).toBe('line');
    expect(fieldOfIssuePath('args.lat')).toBe('address');
    expect(fieldOfIssuePath('args.street')).toBe('address');
    expect(fieldOfIssuePath('args.community')).toBe('address');
    expect(fieldOfIssuePath('args.category')).toBe('category');
    expect(fieldOfIssuePath('args.id')).toBeNull();
    expect(fieldOfIssuePath('(root)')).toBeNull();
  });

  it('makes incident ids the platform accepts (spec §7 `id`), distinct per call', () => {
    const a = newIncidentId('desk-07', 1_741_914_300_000, () => 0.1);
    const b = newIncidentId('desk-07', 1_741_914_300_000, () => 0.2);
    expect(a).toMatch(/^inc-desk-07-[0-9a-z]+$/);
    expect(a).not.toBe(b);
    expect(newIncidentId(null, 0, () => 0)).toBe('inc-ws-00000');
  });

  it('offers only codes the contract’s category pattern accepts', () => {
    const pattern = /^(criminal|public_order|traffic|fire|rescue|dispute|hazard|city_mgmt|environment|petition|other)(\.[a-z0-9_]+)*$/;
    for (const option of CATEGORY_OPTIONS) expect(option.code).toMatch(pattern);
    expect(new Set(CATEGORY_OPTIONS.map((o) => o.code)).size).toBe(CATEGORY_OPTIONS.length);
  });
});
