import { ApiError, commandRefusal } from '../../api/index.ts';
import type { Handler } from '../console-host.ts';
import type { LinkService } from '../../link/link-service.ts';
import type { StateStore } from '../../store/state-store.ts';

/**
 * `command.send`: the one way a window acts on the platform. The role check
 * runs here, in the host, whatever the window shows or sends; every attempt
 * — queued or refused — goes into the audit log.
 */
export function commandHandlers(deps: { link: LinkService; state: StateStore; workstation: string }) {
  const handlers: { 'command.send': Handler<'command.send'> } = {
    'command.send': ({ name, args }, ctx) => {
      const operator = deps.link.operator();
      const audit = (result: string, detail?: unknown) =>
        deps.state.audit({
          operator: operator?.id ?? null,
          role: ctx.role,
          workstation: deps.workstation,
          action: name,
          target: typeof (args as { incident?: unknown }).incident === 'string' ? (args as { incident: string }).incident : null,
          result,
          detail,
        });
      const refusal = ctx.role ? commandRefusal(ctx.role, name, args as Record<string, unknown>) : 'sign in first';
      if (refusal) {
        audit('refused: forbidden', { reason: refusal });
        throw new ApiError('forbidden', refusal);
      }
      const queued = deps.link.queueCommand(name, args, { operator: operator?.id ?? null, workstation: deps.workstation });
      audit('queued', { id: queued.id });
      return { id: queued.id, name, queuedAt: new Date(queued.madeMs).toISOString() };
    },
  };
  return handlers;
}
