import { ApiError, WaveSettings, issuesOf } from '../../api/index.ts';
import type { StateStore } from '../../store/state-store.ts';

/**
 * How 派单 waves widen, from issue 11: three volunteers a wave, within 500 m
 * in the dense urban districts (思明 Siming, 湖里 Huli) and 1 km elsewhere,
 * each offer open 60 s, the radius doubled each wave up to 3 km, three waves.
 */
export const DEFAULT_WAVE_SETTINGS: WaveSettings = Object.freeze({
  urbanRadiusM: 500,
  otherRadiusM: 1000,
  n: 3,
  expiresInS: 60,
  maxWaves: 3,
  maxRadiusM: 3000,
  urbanDistricts: Object.freeze(['350203', '350206']) as unknown as string[],
});

const SETTING_KEY = 'offers.waves';

/** Rules across fields the schema cannot say alone; null when the settings hold together. */
export function settingsProblem(s: WaveSettings): string | null {
  if (s.maxRadiusM < s.urbanRadiusM || s.maxRadiusM < s.otherRadiusM) {
    return `the largest radius (${s.maxRadiusM} m) is smaller than a first wave's (${s.urbanRadiusM} m urban, ${s.otherRadiusM} m elsewhere)`;
  }
  if (new Set(s.urbanDistricts).size !== s.urbanDistricts.length) return 'an urban district is listed twice';
  return null;
}

/**
 * The wave settings in state.db: the defaults until the duty chief changes
 * them. A stored value that no longer reads as settings (written by hand, or
 * by a console whose limits were wider) gives the defaults back, never a
 * half-trusted mix; the next change replaces it.
 */
export class WaveSettingsStore {
  constructor(private readonly state: StateStore) {}

  get(): WaveSettings {
    const saved = this.state.setting(SETTING_KEY);
    if (saved === null) return { ...DEFAULT_WAVE_SETTINGS, urbanDistricts: [...DEFAULT_WAVE_SETTINGS.urbanDistricts] };
    let json: unknown;
    try {
      json = JSON.parse(saved);
    } catch {
      json = null;
    }
    const parsed = WaveSettings.safeParse(json);
    if (!parsed.success || settingsProblem(parsed.data) !== null) {
      return { ...DEFAULT_WAVE_SETTINGS, urbanDistricts: [...DEFAULT_WAVE_SETTINGS.urbanDistricts] };
    }
    return parsed.data;
  }

  /** Merges `patch` over the settings now and stores the result; invalid_params (nothing stored) when the whole does not hold. */
  set(patch: Partial<WaveSettings>): WaveSettings {
    const merged = WaveSettings.safeParse({ ...this.get(), ...patch });
    if (!merged.success) {
      const issues = issuesOf(merged.error);
      throw new ApiError('invalid_params', `invalid wave settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const problem = settingsProblem(merged.data);
    if (problem) throw new ApiError('invalid_params', `invalid wave settings: ${problem}`);
    this.state.setSetting(SETTING_KEY, JSON.stringify(merged.data));
    return merged.data;
  }
}
