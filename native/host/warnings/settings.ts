import { ApiError, WarningSettings, issuesOf } from '../../api/index.ts';
import type { StateStore } from '../../store/state-store.ts';
import { DEFAULT_WARNING_SETTINGS } from '../../warning/index.ts';

const SETTING_KEY = 'warnings.settings';

const defaults = (): WarningSettings => ({ ...DEFAULT_WARNING_SETTINGS, enabled: [...DEFAULT_WARNING_SETTINGS.enabled] });

/**
 * The warning thresholds in state.db: the defaults (native/warning
 * settings.ts) until the duty chief changes them. A stored value that no
 * longer reads as settings gives the defaults back, never a half-trusted
 * mix; the next change replaces it.
 */
export class WarningSettingsStore {
  constructor(private readonly state: StateStore) {}

  get(): WarningSettings {
    const saved = this.state.setting(SETTING_KEY);
    if (saved === null) return defaults();
    let json: unknown;
    try {
      json = JSON.parse(saved);
    } catch {
      return defaults();
    }
    const parsed = WarningSettings.safeParse(json);
    return parsed.success ? parsed.data : defaults();
  }

  /** Merges `patch` over the settings now and stores the result; invalid_params (nothing stored) when the whole does not hold. */
  set(patch: Partial<WarningSettings>): WarningSettings {
    const merged = WarningSettings.safeParse({ ...this.get(), ...patch });
    if (!merged.success) {
      const issues = issuesOf(merged.error);
      throw new ApiError('invalid_params', `invalid warning settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    if (new Set(merged.data.enabled).size !== merged.data.enabled.length) {
      throw new ApiError('invalid_params', 'invalid warning settings: a kind is enabled twice');
    }
    this.state.setSetting(SETTING_KEY, JSON.stringify(merged.data));
    return merged.data;
  }
}
