/**
 * A code nobody gave a name, made readable: `wall_crack` → "Wall crack",
 * `on-scene` → "On scene", `signIn` → "Sign in". The fallback for a code the
 * platform sends that the console has no word for yet — better an operator
 * reads words than a snake_case key.
 */
export function readableCode(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])(?=[a-z])/g, (_, before: string, upper: string) => `${before} ${upper.toLowerCase()}`)
    .replace(/[_.\-\s]+/g, ' ')
    .trim();
  return words === '' ? code : words[0]!.toUpperCase() + words.slice(1);
}
