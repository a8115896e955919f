import type { Handler } from '../console-host.ts';
import type { EarlyWarnings } from '../warnings/index.ts';

/**
 * Early warning's console methods (issue 14). Roles are the contract's: every
 * signed-in role reads; only the duty chief acknowledges, dismisses and sets
 * the thresholds (the host refuses the others before a handler runs).
 */
export function warningHandlers(warnings: EarlyWarnings) {
  const handlers: {
    'warnings.list': Handler<'warnings.list'>;
    'warnings.acknowledge': Handler<'warnings.acknowledge'>;
    'warnings.dismiss': Handler<'warnings.dismiss'>;
    'warnings.settings': Handler<'warnings.settings'>;
    'warnings.setSettings': Handler<'warnings.setSettings'>;
  } = {
    'warnings.list': (_params, { role }) => warnings.list(role),
    'warnings.acknowledge': ({ key, note }, { role }) => warnings.acknowledge(key, note, role),
    'warnings.dismiss': ({ key, reason }, { role }) => warnings.dismiss(key, reason, role),
    'warnings.settings': () => warnings.settings(),
    'warnings.setSettings': (patch) => warnings.setSettings(patch),
  };
  return handlers;
}
