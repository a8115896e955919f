/**
 * The map's cursor is a pointer while any layer has something under it.
 * Several layers share one container: each says what it wants, by name.
 */
const wanting = new WeakMap<HTMLElement, Set<string>>();

export function setPointerWanted(container: HTMLElement, layer: string, wanted: boolean): void {
  let set = wanting.get(container);
  if (!set) wanting.set(container, (set = new Set()));
  if (wanted) set.add(layer);
  else set.delete(layer);
  container.style.cursor = set.size > 0 ? 'pointer' : '';
}
