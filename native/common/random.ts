/** A source of uniform numbers in [0, 1): Math.random, or a seeded one so runs repeat. */
export type Random = () => number;

/**
 * A small seeded PRNG (mulberry32): the demo city's dice and the early
 * warnings' null draws, so the same seed gives the same city and the same
 * findings, run after run.
 */
export function seededRandom(seed = 1): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
