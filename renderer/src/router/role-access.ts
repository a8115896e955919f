import type { Role, SessionInfo } from '../../../native/api/index.ts';

export type RoleViewName = 'chief' | 'taker' | 'video';
export type RouteNameForRole = RoleViewName | 'sign-in';

export interface RoleView {
  name: RoleViewName;
  path: `/${RoleViewName}`;
  /** Alt+n switches to this view. */
  shortcut: 1 | 2 | 3;
}

/** Keyed by the contract's roles, so a new role fails the build until it has a view. */
export const ROLE_VIEWS: { readonly [R in Role]: RoleView } = {
  duty_chief: { name: 'chief', path: '/chief', shortcut: 1 },
  call_taker: { name: 'taker', path: '/taker', shortcut: 2 },
  video_patroller: { name: 'video', path: '/video', shortcut: 3 },
};

export const ROLE_ORDER = ['duty_chief', 'call_taker', 'video_patroller'] as const satisfies readonly Role[];

export function roleOfView(name: unknown): Role | null {
  return ROLE_ORDER.find((role) => ROLE_VIEWS[role].name === name) ?? null;
}

/**
 * Which role views this window may show. Without a platform there is no
 * operator and no data, so all three are open as a layout preview; with one,
 * only the signed-in operator's own role.
 */
export function allowedRoles(info: SessionInfo | null): Role[] {
  if (!info) return [];
  if (!info.platform.configured) return [...ROLE_ORDER];
  if (info.signedIn && info.role) return [info.role];
  return [];
}

/** Where an operator belongs: their role's view once the platform confirmed it, else sign-in. */
export function homeRoute(info: SessionInfo | null): RouteNameForRole {
  if (info?.platform.configured && info.signedIn && info.role) return ROLE_VIEWS[info.role].name;
  return 'sign-in';
}

export type RouteDecision = { allow: true } | { allow: false; redirect: RouteNameForRole; refused: RoleViewName | null };

/** A workspace window other than the console (issue 13): `#/w/<id>`, shown to a signed-in operator of any role. */
export const WINDOW_ROUTE = 'workspace-window';

/** The role guard as a pure function: used by the router and when the session changes under an open view. */
export function decideRoute(target: unknown, info: SessionInfo | null): RouteDecision {
  const home = homeRoute(info);
  const role = roleOfView(target);
  if (role) {
    if (allowedRoles(info).includes(role)) return { allow: true };
    // Only say "refused" to someone who has a view of their own to land on.
    return { allow: false, redirect: home, refused: home === 'sign-in' ? null : ROLE_VIEWS[role].name };
  }
  if (target === 'sign-in') return home === 'sign-in' ? { allow: true } : { allow: false, redirect: home, refused: null };
  if (target === WINDOW_ROUTE) return home === 'sign-in' ? { allow: false, redirect: home, refused: null } : { allow: true };
  return { allow: false, redirect: home, refused: null };
}

/** The location a refused or misplaced navigation is sent to instead. */
export function redirectFor(decision: Extract<RouteDecision, { allow: false }>) {
  return { name: decision.redirect, query: decision.refused ? { refused: decision.refused } : {} };
}
