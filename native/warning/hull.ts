/**
 * The convex hull of points (Andrew's monotone chain), as [lat, lng] pairs
 * counter-clockwise in (lng, lat): the outline the map draws around a
 * warning's incidents. Fewer than three distinct points are returned as
 * they are (a dot or a segment).
 *
 * An overdue street or a busy address has thousands of points, every run:
 * duplicates go after a numeric sort (equal points become neighbours), not
 * through a map keyed by their text.
 */
export function convexHull(points: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = points.map((p) => [p[0], p[1]] as [number, number]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const unique: [number, number][] = [];
  for (const p of sorted) {
    const last = unique[unique.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) unique.push(p);
  }
  if (unique.length < 3) return unique;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[1] - o[1]) * (b[0] - o[0]) - (a[0] - o[0]) * (b[1] - o[1]);
  const lower: [number, number][] = [];
  for (const p of unique) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = unique.length - 1; i >= 0; i--) {
    const p = unique[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}
