/**
 * ECharts draws on a canvas and cannot read CSS variables, so the dark
 * theme's colours (theme.css) are read once per chart from the document,
 * falling back to the same values when a variable is missing (tests, print).
 */
export interface ChartPalette {
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  ok: string;
  pending: string;
  fault: string;
  /** A fourth colour for "worse than slow, not yet blocked": the P2 orange. */
  warn: string;
}

const VARIABLES: Record<keyof ChartPalette, [name: string, fallback: string]> = {
  text: ['--text', '#e6edf3'],
  muted: ['--text-muted', '#9fb0c0'],
  border: ['--border', '#34424f'],
  surface: ['--surface', '#1b232c'],
  accent: ['--accent', '#5aa9e6'],
  ok: ['--state-ok', '#4cd28a'],
  pending: ['--state-pending', '#f2b84b'],
  fault: ['--state-fault', '#e5484d'],
  warn: ['--priority-p2', '#ff9f43'],
};

export const FALLBACK_PALETTE: ChartPalette = Object.fromEntries(
  Object.entries(VARIABLES).map(([key, [, fallback]]) => [key, fallback]),
) as unknown as ChartPalette;

export function chartPalette(root: Element | null = typeof document === 'undefined' ? null : document.documentElement): ChartPalette {
  if (!root) return FALLBACK_PALETTE;
  const style = getComputedStyle(root);
  const palette = { ...FALLBACK_PALETTE };
  for (const [key, [name]] of Object.entries(VARIABLES) as [keyof ChartPalette, [string, string]][]) {
    const value = style.getPropertyValue(name).trim();
    if (value) palette[key] = value;
  }
  return palette;
}
