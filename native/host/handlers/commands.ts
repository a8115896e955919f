import type { LinkService } from '../../link/link-service.ts';
import type { Db } from '../../store/open.ts';
import type { StateStore } from '../../store/state-store.ts';
import { queueCommand } from '../command-queue.ts';
import type { Handler } from '../console-host.ts';

/**
 * `command.send`: the one way a window acts on the platform. It takes the
 * same path as `egret command` (command-queue.ts): schema, role rules against
 * the signed-in operator, audit, outbox — in the host, whatever the window
 * shows or sends. The link writes the outbox and sends at once when it is up.
 */
export function commandHandlers(deps: { link: LinkService; state: StateStore; cache: Db; workstation: string; now?: () => number }) {
  const handlers: { 'command.send': Handler<'command.send'> } = {
    'command.send': (request) => {
      const queued = queueCommand(request, {
        state: deps.state,
        cache: deps.cache,
        workstation: deps.workstation,
        // The outbox row and its "queued" audit row in one state.db transaction.
        enqueueTogether: (commands, by, alongside) => deps.link.queueCommands(commands, by, alongside),
        ...(deps.now ? { now: deps.now } : {}),
      });
      return { id: queued.id, name: queued.name, queuedAt: new Date(queued.madeMs).toISOString() };
    },
  };
  return handlers;
}
