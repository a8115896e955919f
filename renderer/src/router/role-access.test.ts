import { describe, expect, it } from 'vitest';
import { allowedRoles, decideRoute, homeRoute } from './role-access.ts';
import { sessionInfo } from '../test-support/fake-host.ts';

const unconfigured = sessionInfo();
const configuredSignedOut = sessionInfo({ platform: { configured: true, url: 'wss://platform.example/link', embedded: false } });
const awaitingRole = { ...configuredSignedOut, signedIn: true };
const callTaker = {
  ...configuredSignedOut,
  signedIn: true,
  role: 'call_taker' as const,
  operator: { id: 'op-12', name: '林晓', role: 'call_taker' as const },
};

describe('role guard', () => {
  it('with no platform configured, every role view is open for preview and sign-in stays reachable', () => {
    expect(allowedRoles(unconfigured)).toEqual(['duty_chief', 'call_taker', 'video_patroller']);
    for (const view of ['chief', 'taker', 'video', 'sign-in']) expect(decideRoute(view, unconfigured)).toEqual({ allow: true });
    expect(decideRoute('home', unconfigured)).toEqual({ allow: false, redirect: 'sign-in', refused: null });
  });

  it('a signed-out operator of a configured platform only gets the sign-in view', () => {
    expect(allowedRoles(configuredSignedOut)).toEqual([]);
    expect(decideRoute('chief', configuredSignedOut)).toEqual({ allow: false, redirect: 'sign-in', refused: null });
    expect(decideRoute('sign-in', configuredSignedOut)).toEqual({ allow: true });
  });

  it('a signed-in operator lands on their own role view and is refused the others', () => {
    expect(homeRoute(callTaker)).toBe('taker');
    expect(decideRoute('home', callTaker)).toEqual({ allow: false, redirect: 'taker', refused: null });
    expect(decideRoute('sign-in', callTaker)).toEqual({ allow: false, redirect: 'taker', refused: null });
    expect(decideRoute('taker', callTaker)).toEqual({ allow: true });
    expect(decideRoute('chief', callTaker)).toEqual({ allow: false, redirect: 'taker', refused: 'chief' });
    expect(decideRoute('video', callTaker)).toEqual({ allow: false, redirect: 'taker', refused: 'video' });
  });

  it('until the platform confirms the role, a signed-in operator waits on the sign-in view', () => {
    expect(allowedRoles(awaitingRole)).toEqual([]);
    expect(decideRoute('chief', awaitingRole)).toEqual({ allow: false, redirect: 'sign-in', refused: null });
    expect(decideRoute('sign-in', awaitingRole)).toEqual({ allow: true });
  });

  it('with no session info at all (host unreachable), only sign-in is offered', () => {
    expect(allowedRoles(null)).toEqual([]);
    expect(decideRoute('video', null)).toEqual({ allow: false, redirect: 'sign-in', refused: null });
    expect(decideRoute(undefined, null)).toEqual({ allow: false, redirect: 'sign-in', refused: null });
  });
});
