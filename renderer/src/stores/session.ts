import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { SessionInfo } from '../../../native/api/index.ts';
import { useConsoleClient } from '../api/inject.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import { allowedRoles as allowedRolesFor } from '../router/role-access.ts';

/** Who this window serves: shell, version, operator, role, platform. */
export const useSessionStore = defineStore('session', () => {
  const client = useConsoleClient();
  const info = shallowRef<SessionInfo | null>(null);
  /** Why the last `session.info` read failed, while there is no info. */
  const loadError = shallowRef<ApiCallError | null>(null);
  /** The first read finished (either way), so the role guard may decide. */
  const loaded = ref(false);
  let inFlight: Promise<void> | null = null;

  function refresh(): Promise<void> {
    inFlight ??= client
      .call('session.info', {})
      .then(
        (result) => {
          info.value = result;
          loadError.value = null;
        },
        (error: unknown) => {
          loadError.value = asApiCallError(error);
        },
      )
      .finally(() => {
        loaded.value = true;
        inFlight = null;
      });
    return inFlight;
  }

  function ensureLoaded(): Promise<void> {
    return loaded.value ? Promise.resolve() : refresh();
  }

  async function signIn(token: string): Promise<SessionInfo> {
    const result = await client.call('session.signIn', { token });
    info.value = result;
    return result;
  }

  async function signOut(): Promise<SessionInfo> {
    const result = await client.call('session.signOut', {});
    info.value = result;
    return result;
  }

  // The role arrives later than sign-in (with the platform's welcome), and
  // another window may sign out: follow the host's pushes.
  const offTopic = client.subscribe('session.info', (next) => {
    info.value = next;
    loadError.value = null;
    loaded.value = true;
  });
  const offStatus = client.onStatusChange((status) => {
    if (status.state === 'connected') void refresh();
  });
  onScopeDispose(() => {
    offTopic();
    offStatus();
  });

  const role = computed(() => info.value?.role ?? null);
  const operator = computed(() => info.value?.operator ?? null);
  const signedIn = computed(() => info.value?.signedIn ?? false);
  /** Signed in and the platform confirmed the role: what the host's `signed_in` rule checks. */
  const signedInWithRole = computed(() => signedIn.value && role.value !== null);
  // Topics the host only serves once signed in are asked for (again) as soon
  // as the session says so: a window opened before sign-in gets them too.
  // `sync`, so the subscription goes out before anyone reacts to the sign-in.
  watch(signedInWithRole, (next) => client.setSignedIn(next), { immediate: true, flush: 'sync' });
  const platformConfigured = computed(() => info.value?.platform.configured ?? false);
  const allowedRoles = computed(() => allowedRolesFor(info.value));

  return {
    info,
    loadError,
    loaded,
    role,
    operator,
    signedIn,
    signedInWithRole,
    platformConfigured,
    allowedRoles,
    refresh,
    ensureLoaded,
    signIn,
    signOut,
  };
});

export function asApiCallError(error: unknown): ApiCallError {
  if (error instanceof ApiCallError) return error;
  return new ApiCallError('internal', error instanceof Error ? error.message : String(error));
}
