import { onScopeDispose } from 'vue';
import { useRouter } from 'vue-router';
import { storeToRefs } from 'pinia';
import { useSessionStore } from '../stores/session.ts';
import { ROLE_VIEWS, WINDOW_ROUTE } from '../router/role-access.ts';

/** Alt+1/2/3 switch to the chief / taker / video view, when this operator may open it (in the console window: a workspace window keeps its panel). */
export function useRoleShortcuts(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): void {
  const router = useRouter();
  const { allowedRoles } = storeToRefs(useSessionStore());

  function onKeydown(event: KeyboardEvent): void {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    // `code` rather than `key`: Alt+digit yields other characters on some layouts.
    const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1];
    if (!digit || router.currentRoute.value.name === WINDOW_ROUTE) return;
    const role = allowedRoles.value.find((r) => ROLE_VIEWS[r].shortcut === Number(digit));
    if (!role) return;
    event.preventDefault();
    void router.push({ name: ROLE_VIEWS[role].name });
  }

  target.addEventListener('keydown', onKeydown as EventListener);
  onScopeDispose(() => target.removeEventListener('keydown', onKeydown as EventListener));
}
