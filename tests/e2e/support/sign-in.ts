import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ServedConsole } from './console.ts';

export type DemoRole = 'duty_chief' | 'call_taker' | 'video_patroller';

/**
 * Opens the demo console in `page` and signs in as `role` from the sign-in
 * form's demo buttons (the embedded demo signs itself in as the duty chief:
 * whoever is in is signed out first).
 */
export async function openSignedIn(page: Page, served: ServedConsole, role: DemoRole): Promise<void> {
  await page.goto(served.url);
  await signInAs(page, role);
}

/** Signs in as `role` in a page already showing the console (one its own launcher opened), as `openSignedIn` does. */
export async function signInAs(page: Page, role: DemoRole): Promise<void> {
  await expect(page.getByTestId('api-connection')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  const view = page.getByTestId('role-view');
  const signIn = page.getByTestId(`demo-signin-${role}`);
  await expect(view.or(signIn)).toBeVisible({ timeout: 30_000 });
  if (await view.isVisible()) {
    if ((await view.getAttribute('data-role')) === role) return;
    await page.getByTestId('sign-out').click();
  }
  await signIn.click();
  await expect(view).toHaveAttribute('data-role', role, { timeout: 30_000 });
}
