import type { SessionInfo, Shell } from '../../api/index.ts';
import type { Handler } from '../console-host.ts';
import type { LinkService } from '../../link/link-service.ts';

interface SessionDeps {
  shell: Shell;
  version: string;
  workstation: string;
  platform: { url: string | null; embedded: boolean };
  link: LinkService;
}

/** session.* methods: who is at this console and through which shell. */
export function sessionHandlers(deps: SessionDeps) {
  const info = (): SessionInfo => {
    const operator = deps.link.operator();
    return {
      shell: deps.shell,
      version: deps.version,
      workstation: deps.workstation,
      operator,
      role: operator?.role ?? null,
      platform: { configured: deps.platform.url !== null, url: deps.platform.url, embedded: deps.platform.embedded },
      signedIn: operator !== null,
    };
  };

  const handlers: {
    'session.info': Handler<'session.info'>;
    'session.signIn': Handler<'session.signIn'>;
    'session.signOut': Handler<'session.signOut'>;
    'link.status': Handler<'link.status'>;
  } = {
    'session.info': () => info(),
    'session.signIn': async ({ token }) => {
      await deps.link.signIn(token);
      return info();
    },
    'session.signOut': async () => {
      await deps.link.signOut();
      return info();
    },
    'link.status': () => deps.link.status(),
  };

  return { info, handlers };
}
