import { watch } from 'vue';
import { useRouter } from 'vue-router';
import { storeToRefs } from 'pinia';
import { useSessionStore } from '../stores/session.ts';
import { decideRoute, redirectFor } from '../router/role-access.ts';

/**
 * Re-applies the role guard when the session changes under an open view:
 * signing in lands on the operator's view, signing out (here or in another
 * window) leaves it, a role confirmed late by the platform takes effect.
 */
export function useRouteFollowsSession(): void {
  const router = useRouter();
  const { info } = storeToRefs(useSessionStore());
  watch(info, (next) => {
    const current = router.currentRoute.value;
    if (current.matched.length === 0) return; // the first navigation is still deciding
    const decision = decideRoute(current.name, next);
    if (!decision.allow) void router.replace(redirectFor(decision));
  });
}
