import { z } from 'zod';
import { ROLES, type Role } from './rules.ts';

/**
 * Workspaces (issue 13): the windows an operator keeps, which panels they
 * show, on which display and where. Saved in state.db per operator, role and
 * display set, so the shapes live here, in the contract: the store checks
 * what it reads back against them, the Electron main process places windows
 * from them, and the browser shell's pages describe their screens with the
 * same `Display` (from `getScreenDetails()`) and import the types.
 *
 * Every rectangle is in DIP (device-independent pixels), as Electron's
 * `screen` and `BrowserWindow` bounds are and as the browser's screen
 * coordinates (CSS pixels) are: a window keeps its apparent size when it
 * moves between monitors with different scale factors.
 */

/** Far beyond any real desktop: a bound outside it is damage, never a place (window managers have reported bogus sizes; VS Code's window-state check guards against them too). */
const COORD_LIMIT = 100_000;
const Coord = z.number().int().min(-COORD_LIMIT).max(COORD_LIMIT);
const Extent = z.number().int().min(1).max(COORD_LIMIT);

export const Rect = z.object({ x: Coord, y: Coord, width: Extent, height: Extent });
export type Rect = z.infer<typeof Rect>;

/** More monitors than a control-room desk has; a longer list is not a display set. */
export const MAX_DISPLAYS = 16;

export const ScaleFactor = z.number().min(0.25).max(8);

export const Display = z.object({
  /** The shell's id: Electron renumbers displays across replugs, so nothing is saved by it. */
  id: z.string().min(1).max(100),
  bounds: Rect,
  /** The bounds less the taskbar, dock and panels: where windows go. */
  workArea: Rect,
  scaleFactor: ScaleFactor,
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).optional(),
  primary: z.boolean(),
});
export type Display = z.infer<typeof Display>;

/** Left to right, then top to bottom: the order of a fingerprint, and what a window's `display.index` counts in. */
export function inFingerprintOrder<D extends Pick<Display, 'bounds' | 'scaleFactor'>>(displays: readonly D[]): D[] {
  return [...displays].sort(
    (a, b) =>
      a.bounds.x - b.bounds.x ||
      a.bounds.y - b.bounds.y ||
      a.bounds.width - b.bounds.width ||
      a.bounds.height - b.bounds.height ||
      a.scaleFactor - b.scaleFactor,
  );
}

const signed = (n: number) => (n < 0 ? `-${-n}` : `+${n}`);
/** Scale factors such as 1.25 exactly; a fractional Linux scale (1.3333…) to three places. */
const scaleText = (s: number) => String(Math.round(s * 1000) / 1000);

/** One display of a fingerprint, X11 geometry style: `2560x1440+1920+0@1.5`. */
export function displayKey(display: Pick<Display, 'bounds' | 'scaleFactor'>): string {
  const { x, y, width, height } = display.bounds;
  return `${Math.round(width)}x${Math.round(height)}${signed(Math.round(x))}${signed(Math.round(y))}@${scaleText(display.scaleFactor)}`;
}

/**
 * The display set a workspace is saved for: each display's bounds and scale
 * factor, in `inFingerprintOrder`. Not the ids (Electron renumbers them when
 * a monitor is replugged) and not the work areas (moving the taskbar is the
 * same desk); a changed resolution, arrangement or scale factor is another
 * set, since the saved places would not fit it.
 */
export function displaySetFingerprint(displays: readonly Pick<Display, 'bounds' | 'scaleFactor'>[]): string {
  return inFingerprintOrder(displays).map(displayKey).join(',');
}

const DISPLAY_KEY = /^(\d+)x(\d+)([+-]\d+)([+-]\d+)@(\d+(?:\.\d+)?)$/;

/** The displays a fingerprint names (bounds and scale factors), in its order; a string that is not a fingerprint gets an Error. */
export function fingerprintDisplays(fingerprint: string): { bounds: Rect; scaleFactor: number }[] {
  const keys = fingerprint.split(',');
  if (keys.length > MAX_DISPLAYS) throw new Error(`a display set has at most ${MAX_DISPLAYS} displays`);
  return keys.map((key) => {
    const m = DISPLAY_KEY.exec(key);
    if (!m) throw new Error(`"${key}" is not a display of a fingerprint (e.g. 1920x1080+0+0@1)`);
    return { bounds: { x: Number(m[3]), y: Number(m[4]), width: Number(m[1]), height: Number(m[2]) }, scaleFactor: Number(m[5]) };
  });
}

/** What a window can show: each a panel of the console that pops out and docks back. */
export const PANELS = ['board', 'detail', 'intake', 'map', 'wall', 'dashboard', 'hourly_chart', 'volunteers', 'traffic_video'] as const;
export const Panel = z.enum(PANELS);
export type Panel = z.infer<typeof Panel>;

/**
 * The operator's console — the role's own view (sign-in, the taker's desk,
 * the chief's dashboard and tabs, the patroller's wall) — or one panel, or a
 * named arrangement of a few side by side (the map beside the detail).
 */
export const WindowContent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('console') }),
  z.object({ kind: z.literal('panel'), panel: Panel }),
  z.object({
    kind: z.literal('arrangement'),
    name: z.string().trim().min(1).max(40),
    panels: z
      .array(Panel)
      .min(2)
      .max(4)
      .refine((panels) => new Set(panels).size === panels.length, 'a panel appears once in an arrangement'),
  }),
]);
export type WindowContent = z.infer<typeof WindowContent>;

export const WINDOW_STATES = ['normal', 'maximised', 'fullscreen'] as const;
export const WindowState = z.enum(WINDOW_STATES);
export type WindowState = z.infer<typeof WindowState>;

/** The display a window was saved on: its place in the set's fingerprint, and its geometry then. */
export const SavedDisplay = z.object({
  index: z.number().int().min(0).max(MAX_DISPLAYS - 1),
  bounds: Rect,
  scaleFactor: ScaleFactor,
});
export type SavedDisplay = z.infer<typeof SavedDisplay>;

/** The id of the window that shows the console: every workspace has it, first, and it cannot be docked or closed away. */
export const CONSOLE_WINDOW_ID = 'main';

export const WorkspaceWindow = z.object({
  /** Names the window within the workspace, so its place can be remembered per display set. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a window id is lower-case letters, digits and dashes'),
  content: WindowContent,
  display: SavedDisplay,
  /** Its normal (not maximised) bounds, relative to the top-left of that display's work area. */
  bounds: Rect,
  state: WindowState,
  /** 大屏 / video wall: a window without chrome. */
  wallMode: z.boolean(),
  /** Ignores the operator's shared selection (a wall showing a fixed junction). */
  pinned: z.boolean(),
});
export type WorkspaceWindow = z.infer<typeof WorkspaceWindow>;

/** More windows than any desk shows at once: a longer list is damage. */
export const MAX_WINDOWS = 16;

/** Bumped when the shape changes; a stored workspace from a newer console falls back to the default. */
export const WORKSPACE_VERSION = 1;

export const Workspace = z
  .object({
    version: z.literal(WORKSPACE_VERSION),
    operator: z.string().min(1).max(200),
    role: z.enum(ROLES),
    displaySet: z.string().min(1).max(MAX_DISPLAYS * 40),
    windows: z.array(WorkspaceWindow).min(1).max(MAX_WINDOWS),
  })
  .superRefine((workspace, ctx) => {
    const ids = workspace.windows.map((w) => w.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['windows'], message: 'two windows share an id' });
    const consoles = workspace.windows.filter((w) => w.content.kind === 'console');
    if (consoles.length !== 1 || workspace.windows[0]?.id !== CONSOLE_WINDOW_ID || workspace.windows[0].content.kind !== 'console') {
      ctx.addIssue({ code: 'custom', path: ['windows'], message: `the first window, and only it, is the console (id "${CONSOLE_WINDOW_ID}")` });
    }
    let displays: ReturnType<typeof fingerprintDisplays>;
    try {
      displays = fingerprintDisplays(workspace.displaySet);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['displaySet'], message: (error as Error).message });
      return;
    }
    workspace.windows.forEach((w, i) => {
      const display = displays[w.display.index];
      if (!display || displayKey(display) !== displayKey(w.display)) {
        ctx.addIssue({ code: 'custom', path: ['windows', i, 'display'], message: `window ${w.id} names a display that is not display ${w.display.index} of its set` });
      }
    });
  });
export type Workspace = z.infer<typeof Workspace>;

export interface WorkspaceOwner {
  operator: string;
  role: Role;
}

/**
 * Why a stored workspace was not used: `not_json` and `invalid` are damage
 * (a hand-edited or broken state.db), `newer_version` a layout written by a
 * newer console, `foreign` one that belongs to another operator, role or
 * display set than the row it was stored under.
 */
export type WorkspaceFallbackReason = 'not_json' | 'invalid' | 'newer_version' | 'foreign';
export interface WorkspaceFallback {
  reason: WorkspaceFallbackReason;
  message: string;
}

/**
 * The workspace stored for `owner` on `displays`, checked; the role's
 * default when nothing is stored, or (with the reason, for the operator's
 * notice) when what is stored is not a usable workspace of theirs.
 */
export function workspaceOrDefault(
  stored: string | null,
  owner: WorkspaceOwner,
  displays: readonly Display[],
): { workspace: Workspace; fallback: WorkspaceFallback | null } {
  const fallback = (reason: WorkspaceFallbackReason, message: string) => ({
    workspace: defaultWorkspace(owner, displays),
    fallback: { reason, message },
  });
  if (stored === null) return { workspace: defaultWorkspace(owner, displays), fallback: null };
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return fallback('not_json', 'the saved workspace is not JSON');
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > WORKSPACE_VERSION) {
    return fallback('newer_version', `the saved workspace is version ${version}; this console reads version ${WORKSPACE_VERSION}`);
  }
  const parsed = Workspace.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fallback('invalid', `the saved workspace is damaged (${issue ? `${issue.path.join('.') || 'workspace'}: ${issue.message}` : 'wrong shape'})`);
  }
  const workspace = parsed.data;
  const displaySet = displaySetFingerprint(displays);
  if (workspace.operator !== owner.operator || workspace.role !== owner.role || workspace.displaySet !== displaySet) {
    return fallback(
      'foreign',
      `the saved workspace belongs to ${workspace.operator} as ${workspace.role} on ${workspace.displaySet}, not ${owner.operator} as ${owner.role} on ${displaySet}`,
    );
  }
  return { workspace, fallback: null };
}

const arrangement = (name: string, ...panels: Panel[]): WindowContent => ({ kind: 'arrangement', name, panels });
const panel = (p: Panel): WindowContent => ({ kind: 'panel', panel: p });

/** What each role puts on its displays beyond the console's, left to right: as many as there are displays. */
function extraWindows(role: Role, extraDisplays: number): { id: string; content: WindowContent }[] {
  const extras: { id: string; content: WindowContent }[] = (() => {
    switch (role) {
      case 'call_taker':
        return [{ id: 'map', content: arrangement('map+detail', 'map', 'detail') }];
      case 'duty_chief':
        return [
          { id: 'map', content: panel('map') },
          { id: 'traffic', content: panel('traffic_video') },
        ];
      case 'video_patroller':
        return Array.from({ length: extraDisplays }, (_, i) => ({ id: `wall-${i + 2}`, content: panel('wall') }));
    }
  })();
  return extras.slice(0, extraDisplays);
}

/**
 * The smallest a console window is made (electron/main/windows.ts sets it as
 * the window's minimum): default windows never share a display in columns
 * narrower than this.
 */
export const CONSOLE_MIN_SIZE = { width: 960, height: 600 } as const;

/** A window's normal bounds on a work area of this size: a tenth in from each edge, `step` cascades it (pop-outs). */
function insetBounds(width: number, height: number, step = 0): Rect {
  const shift = 32 * step;
  return {
    x: Math.min(Math.round(width * 0.1) + shift, Math.max(0, width - Math.round(width * 0.8))),
    y: Math.min(Math.round(height * 0.1) + shift, Math.max(0, height - Math.round(height * 0.8))),
    width: Math.max(1, Math.round(width * 0.8)),
    height: Math.max(1, Math.round(height * 0.8)),
  };
}

/**
 * The role's workspace on `displays`: the console maximised on the primary,
 * and on each other display, left to right, the role's next window,
 * maximised — the taker's map beside the detail, the chief's map and then
 * traffic video, the patroller's further walls (in wall mode: no chrome, as
 * the monitors of a wall are). One display: the console alone; panels pop out
 * from it when wanted.
 */
export function defaultWorkspace(owner: WorkspaceOwner, displays: readonly Display[]): Workspace {
  if (displays.length === 0) throw new Error('a workspace needs at least one display');
  const ordered = inFingerprintOrder(displays);
  const byUse = [...ordered.filter((d) => d.primary), ...ordered.filter((d) => !d.primary)];
  const windows = [{ id: CONSOLE_WINDOW_ID, content: { kind: 'console' } as WindowContent }, ...extraWindows(owner.role, byUse.length - 1)];
  return {
    version: WORKSPACE_VERSION,
    operator: owner.operator,
    role: owner.role,
    displaySet: displaySetFingerprint(displays),
    windows: windows.map((w, i) => {
      const display = byUse[i]!;
      return {
        id: w.id,
        content: w.content,
        display: { index: ordered.indexOf(display), bounds: { ...display.bounds }, scaleFactor: display.scaleFactor },
        // Maximised; a tenth in from each edge when restored.
        bounds: insetBounds(display.workArea.width, display.workArea.height),
        state: 'maximised',
        wallMode: owner.role === 'video_patroller' && i > 0,
        pinned: false,
      };
    }),
  };
}

/**
 * A panel popped out of `workspace` as a new window (or an arrangement): on
 * the display with the fewest of its windows (the console's last), in normal
 * state, cascaded over the windows already there so none hides another
 * exactly. The id is the panel's name, numbered when taken. Null when the
 * workspace has no room for another window.
 */
export function popOutWindow(workspace: Workspace, content: Exclude<WindowContent, { kind: 'console' }>): WorkspaceWindow | null {
  if (workspace.windows.length >= MAX_WINDOWS) return null;
  const displays = inFingerprintOrder(fingerprintDisplays(workspace.displaySet));
  const onIndex = (index: number) => workspace.windows.filter((w) => w.display.index === index).length;
  const consoleIndex = workspace.windows[0]?.display.index ?? 0;
  let index = 0;
  displays.forEach((_, i) => {
    const better = onIndex(i) < onIndex(index) || (onIndex(i) === onIndex(index) && index === consoleIndex && i !== consoleIndex);
    if (better) index = i;
  });
  const display = displays[index]!;
  const base = content.kind === 'panel' ? content.panel.replace(/_/g, '-') : 'panels';
  const taken = new Set(workspace.windows.map((w) => w.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  // The work area is not in the fingerprint; the display's bounds stand for it, and placement fits the window in.
  return {
    id,
    content,
    display: { index, bounds: display.bounds, scaleFactor: display.scaleFactor },
    bounds: insetBounds(display.bounds.width, display.bounds.height, onIndex(index)),
    state: 'normal',
    wallMode: false,
    pinned: false,
  };
}
