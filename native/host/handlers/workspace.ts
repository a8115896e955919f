import type { Handler } from '../console-host.ts';
import type { SelectionService, WorkspaceService } from '../workspace/index.ts';

export type WorkspaceHandlers = {
  'workspace.open': Handler<'workspace.open'>;
  'workspace.live': Handler<'workspace.live'>;
  'workspace.save': Handler<'workspace.save'>;
  'workspace.reset': Handler<'workspace.reset'>;
  'workspace.popOut': Handler<'workspace.popOut'>;
  'workspace.dock': Handler<'workspace.dock'>;
  'workspace.setWindow': Handler<'workspace.setWindow'>;
  'selection.get': Handler<'selection.get'>;
  'selection.set': Handler<'selection.set'>;
};

/**
 * The workspace and shared-selection methods (issue 13). The host has
 * checked that someone is signed in and the params' shape before these run;
 * each acts for the signed-in operator and role only (the services refuse
 * anyone else's workspace).
 */
export function workspaceHandlers(workspace: WorkspaceService, selection: SelectionService): WorkspaceHandlers {
  return {
    'workspace.open': ({ displays }) => workspace.open(displays),
    'workspace.live': () => workspace.live(),
    'workspace.save': ({ workspace: saved }) => workspace.save(saved),
    'workspace.reset': ({ displays }) => workspace.reset(displays),
    'workspace.popOut': ({ content }) => workspace.popOut(content),
    'workspace.dock': ({ window }) => workspace.dock(window),
    'workspace.setWindow': ({ window, pinned, wallMode }) => workspace.setWindow(window, { pinned, wallMode }),
    'selection.get': () => selection.get(),
    'selection.set': ({ incident, window }) => selection.set(incident, window),
  };
}
