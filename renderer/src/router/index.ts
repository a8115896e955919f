import { createRouter, createWebHashHistory, type Router, type RouterHistory } from 'vue-router';
import SignInView from '../views/SignInView.vue';
import ChiefView from '../views/ChiefView.vue';
import { useSessionStore } from '../stores/session.ts';
import { decideRoute, redirectFor, WINDOW_ROUTE } from './role-access.ts';

/**
 * Hash history: the same build works from egret://app/index.html and from the
 * browser shell's HTTP server, and neither needs server-side fallbacks.
 */
export function createEgretRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({
    history,
    routes: [
      { path: '/', name: 'home', component: SignInView },
      { path: '/sign-in', name: 'sign-in', component: SignInView },
      { path: '/chief', name: 'chief', component: ChiefView },
      // Chunks of their own: a console opens one role's view, and the duty chief's (the embedded demo's) start
      // need not parse the intake, the camera wall and the directory first (bench:start).
      { path: '/taker', name: 'taker', component: () => import('../views/TakerView.vue') },
      { path: '/video', name: 'video', component: () => import('../views/VideoView.vue') },
      // A workspace window (issue 13): one panel or an arrangement, in a window of its own.
      { path: '/w/:window', name: WINDOW_ROUTE, component: () => import('../views/WorkspaceWindowView.vue') },
      { path: '/:unknown(.*)*', name: 'unknown', component: SignInView },
    ],
  });

  // The host enforces roles on every call; this only keeps the UI honest.
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    await session.ensureLoaded();
    const decision = decideRoute(to.name, session.info);
    return decision.allow ? true : redirectFor(decision);
  });

  return router;
}
