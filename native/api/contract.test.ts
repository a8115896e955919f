import { describe, expect, it } from 'vitest';
import { issuesOf } from './errors.ts';
import { isMethodName, methods, type MethodName } from './contract.ts';

// The contract's methods are built on first use (contract.ts `lazily`): what
// a window may call, and what it is refused, must not depend on whether a
// method was used before.

describe("the contract's methods", () => {
  it('are built on first use, once', () => {
    const before = Object.getOwnPropertyDescriptor(methods, 'diag.echo');
    expect(before?.get).toBeTypeOf('function');
    expect(before).not.toHaveProperty('value');
    const first = methods['diag.echo'];
    expect(methods['diag.echo']).toBe(first);
    expect(Object.getOwnPropertyDescriptor(methods, 'diag.echo')?.value).toBe(first);
  });

  it('refuse bad params with the same issues on the first use as on the next, and fill defaults', () => {
    const refused = (name: MethodName, params: unknown) => {
      const checked = methods[name].params.safeParse(params);
      return checked.success ? null : issuesOf(checked.error);
    };
    expect(refused('session.signIn', { token: '   ' })).toEqual([{ path: 'token', message: 'token is empty' }]);
    expect(refused('session.signIn', { token: '   ' })).toEqual([{ path: 'token', message: 'token is empty' }]);
    expect(refused('incidents.page', { limit: 0 })?.map((i) => i.path)).toEqual(['limit']);
    expect(refused('incidents.page', { extra: 1 })?.[0]?.message).toMatch(/unrecognized key/i);
    expect(methods['incidents.page'].params.parse({})).toEqual({ filter: {}, sort: 'priority', offset: 0, limit: 50, count: true });
  });

  it('are each listed, and each builds its params, result, roles and summary', () => {
    const names = Object.keys(methods);
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) {
      expect(isMethodName(name)).toBe(true);
      const spec = methods[name as MethodName];
      expect(spec.params.safeParse).toBeTypeOf('function');
      expect(spec.result.safeParse).toBeTypeOf('function');
      expect(spec.roles).toBeDefined();
      expect(spec.summary.length).toBeGreaterThan(0);
    }
    expect(isMethodName('no.such')).toBe(false);
    expect(isMethodName('toString')).toBe(false);
  });
});
