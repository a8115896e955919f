import { ApiError, type LinkStatus, type SessionInfo, type Shell } from '../../api/index.ts';
import type { Timers } from '../../common/timers.ts';
import type { Handler } from '../console-host.ts';
import type { LinkService } from '../../link/link-service.ts';

interface SessionDeps {
  shell: Shell;
  version: string;
  workstation: string;
  platform: { url: string | null; embedded: boolean };
  link: LinkService;
  /** Bounds how long a sign-in waits for the platform's answer. */
  timers: Timers;
  /**
   * How long `session.signIn` waits for the platform to welcome or refuse
   * the token; below the window's 15 s request timeout, so the window hears
   * "not answered yet" rather than a timeout.
   */
  answerWithinMs?: number;
  /**
   * Runs as the operator signs out, before the link forgets them: what their
   * windows shared ends (workspace, selection) and the windows are told
   * while the host still publishes to a signed-in role.
   */
  signingOut?: () => void;
}

/** The default wait for the platform's answer to a sign-in. */
export const SIGN_IN_ANSWER_MS = 8_000;

/** What the platform made of a token so far. */
export type PlatformAnswer = { answer: 'welcomed' } | { answer: 'refused'; message: string } | { answer: 'none yet'; state: LinkStatus['state'] };

/**
 * Waits for the platform's answer to the token the link is about to use, read
 * off the link's status: a welcome (`snapshot` or `live`), a refusal (4401 or
 * an HTTP 401 on the upgrade: `unauthorized`), or none yet — the link is
 * offline and retrying, needs an update, or is still connecting after
 * `withinMs`. Call it right before `link.signIn`: the link sets `connecting`
 * as it takes the token, and every later status is this attempt's.
 */
export function platformAnswer(link: LinkService, timers: Timers, withinMs: number): { answered: Promise<PlatformAnswer>; cancel(): void } {
  let stop = () => {};
  const answered = new Promise<PlatformAnswer>((resolve) => {
    const timer = timers.setTimeout(() => finish({ answer: 'none yet', state: link.status().state }), withinMs);
    const off = link.onStatus((status) => {
      const answer = answerIn(status);
      if (answer) finish(answer);
    });
    stop = () => {
      timers.clearTimeout(timer);
      off();
    };
    function finish(answer: PlatformAnswer): void {
      stop();
      resolve(answer);
    }
  });
  return { answered, cancel: () => stop() };
}

function answerIn(status: LinkStatus): PlatformAnswer | null {
  switch (status.state) {
    case 'snapshot':
    case 'live':
      return { answer: 'welcomed' };
    case 'unauthorized':
      return { answer: 'refused', message: status.lastError?.message ?? 'the platform refused the token' };
    case 'connecting':
      return null;
    default:
      return { answer: 'none yet', state: status.state };
  }
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
    // Answers once the platform has: a refused token is this request's error
    // (the sign-in form shows it), not only a link state in the status bar.
    // With no answer yet the token stays and the link keeps trying; the
    // window follows the link's status from there.
    'session.signIn': async ({ token }) => {
      const wait = platformAnswer(deps.link, deps.timers, deps.answerWithinMs ?? SIGN_IN_ANSWER_MS);
      try {
        await deps.link.signIn(token);
      } catch (error) {
        wait.cancel();
        throw error;
      }
      const outcome = await wait.answered;
      if (outcome.answer === 'refused') throw new ApiError('unauthenticated', outcome.message);
      return info();
    },
    'session.signOut': async () => {
      deps.signingOut?.();
      await deps.link.signOut();
      return info();
    },
    'link.status': () => deps.link.status(),
  };

  return { info, handlers };
}
