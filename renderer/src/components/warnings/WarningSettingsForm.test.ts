// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Role, WarningSettings } from '../../../../native/api/index.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { warningSettingsView } from '../../test-support/warning-fixtures.ts';
import WarningSettingsForm from './WarningSettingsForm.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function mountForm(role: Role = 'duty_chief', locale: 'en' | 'zh-CN' = 'en') {
  const app = egretTestApp({ session: signedInSession(role), locale });
  const saved: Partial<WarningSettings>[] = [];
  let refuse: ApiCallError | null = null;
  app.host.handlers['warnings.settings'] = () => warningSettingsView();
  app.host.handlers['warnings.setSettings'] = (patch) => {
    saved.push(patch);
    if (refuse) throw refuse;
    const view = warningSettingsView(patch);
    // What the host promises moves with the thresholds.
    return {
      ...view,
      expectedFalsePerDay: { cluster: 365 / view.settings.clusterRecurrenceDays, surge: view.settings.surgeFalseAlarmsPerDay },
    };
  };
  app.client.setSignedIn(true);
  app.client.start();
  wrapper = mount(WarningSettingsForm, { global: { plugins: [app.plugin] } });
  for (let i = 0; i < 3; i++) await settle();
  return { ...app, wrapper, saved, refuseWith: (e: ApiCallError) => (refuse = e) };
}

const field = (w: VueWrapper, name: string) => w.get(`[data-testid="warning-setting-${name}"]`);

describe('the warning thresholds', () => {
  it('shows the thresholds with the false warnings a day they promise beside them', async () => {
    const { wrapper } = await mountForm('duty_chief', 'zh-CN');
    expect((field(wrapper, 'clusterMaxRadiusM').element as HTMLInputElement).value).toBe('500');
    expect((field(wrapper, 'surgeFalseAlarmsPerDay').element as HTMLInputElement).value).toBe('0.5');
    expect(wrapper.get('[data-testid="warning-expected-cluster"]').text()).toBe('预计每天误报 0.8 条');
    expect(wrapper.get('[data-testid="warning-expected-surge"]').text()).toBe('预计每天误报 0.5 条');
    expect((wrapper.get('[data-testid="warning-enabled-overdue"]').element as HTMLInputElement).checked).toBe(true);
  });

  it('saves only what was changed, and shows the rate the new thresholds promise', async () => {
    const { wrapper, saved } = await mountForm();
    await field(wrapper, 'clusterRecurrenceDays').setValue('730');
    await wrapper.get('[data-testid="warning-enabled-overdue"]').setValue(false);
    await wrapper.get('[data-testid="warning-settings"]').trigger('submit');
    for (let i = 0; i < 3; i++) await settle();
    expect(saved).toEqual([{ clusterRecurrenceDays: 730, enabled: ['cluster', 'surge', 'repeat_caller', 'repeat_address', 'reopened'] }]);
    expect(wrapper.get('[data-testid="warning-expected-cluster"]').text()).toBe('about 0.5 false a day');
    expect(wrapper.get('[data-testid="warning-settings-note"]').text()).toBe('Saved; the warnings are recomputed.');
  });

  it('a field that is not a number is marked and nothing is sent', async () => {
    const { wrapper, saved } = await mountForm();
    await field(wrapper, 'clusterMinIncidents').setValue('4.5');
    await field(wrapper, 'repeatDays').setValue('');
    await wrapper.get('[data-testid="warning-settings"]').trigger('submit');
    await settle();
    expect(saved).toEqual([]);
    expect(field(wrapper, 'clusterMinIncidents').attributes('aria-invalid')).toBe('true');
    expect(field(wrapper, 'repeatDays').attributes('aria-invalid')).toBe('true');
    expect(field(wrapper, 'clusterMaxHours').attributes('aria-invalid')).toBe('false');
    expect(wrapper.findAll('[data-testid="warning-setting-error"]').map((e) => e.text())).toEqual([
      'Enter a valid number.',
      'Enter a valid number.',
    ]);
  });

  it('what the host refuses is shown at its field, and the form keeps what was typed', async () => {
    const { wrapper, refuseWith } = await mountForm();
    refuseWith(
      new ApiCallError('invalid_params', 'invalid params', [
        { path: 'clusterMaxRadiusM', message: 'Too big: expected number to be <=5000' },
      ]),
    );
    await field(wrapper, 'clusterMaxRadiusM').setValue('9000');
    await wrapper.get('[data-testid="warning-settings"]').trigger('submit');
    for (let i = 0; i < 3; i++) await settle();
    expect(wrapper.get('[data-field="clusterMaxRadiusM"] [data-testid="warning-setting-error"]').text()).toBe(
      'Too big: expected number to be <=5000',
    );
    expect((field(wrapper, 'clusterMaxRadiusM').element as HTMLInputElement).value).toBe('9000');
    expect(wrapper.get('[data-testid="warning-settings-note"]').text()).toBe('Could not save: invalid params');
  });

  it('another role reads the thresholds and cannot change them', async () => {
    const { wrapper } = await mountForm('call_taker');
    expect(wrapper.find('[data-testid="warning-settings-chief-only"]').exists()).toBe(true);
    expect(field(wrapper, 'clusterMaxRadiusM').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="warning-settings-save"]').attributes('disabled')).toBeDefined();
  });
});
