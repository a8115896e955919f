import { MAX_WINDOWS, type Workspace } from '../../api/index.ts';

/**
 * What `workspace.save` makes of the window owner's layout over the live
 * workspace of the same display set. The owner saves a second after the
 * operator's last move, from the live workspace as it last heard of it; a
 * page may have popped a panel out, docked one or pinned one meanwhile (the
 * topic reaches the owner up to a flush later). Taken whole, that save would
 * close the window just popped out, bring back the one docked, unpin the one
 * pinned. So the save is what the contract says it is — the windows' places:
 * each window the live workspace lists keeps what it shows, its pin and its
 * wall mode, and takes its display, bounds and state from the layout; one
 * the layout lacks stays where it was; one only the layout lists (a window
 * moved over from a monitor unplugged) joins at the end, unless it was
 * docked since the workspace was opened.
 */
export function placesOnto(live: Workspace, layout: Workspace, docked: ReadonlySet<string>): Workspace {
  const places = new Map(layout.windows.map((w) => [w.id, w]));
  const listed = new Set(live.windows.map((w) => w.id));
  const windows = live.windows.map((w) => {
    const place = places.get(w.id);
    return place ? { ...w, display: place.display, bounds: place.bounds, state: place.state } : w;
  });
  windows.push(...layout.windows.filter((w) => !listed.has(w.id) && !docked.has(w.id)));
  return { ...live, windows: windows.slice(0, MAX_WINDOWS) };
}
