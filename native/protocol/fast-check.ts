import * as precompiled from './checks.generated.ts';

/**
 * Compiled yes/no checks of zod schemas, for the link's hot path.
 *
 * zod stays the one definition of the platform's types and gives the reason
 * when an item is refused; but at ingest rates (tens of thousands of items a
 * second) its parse, which also builds a copy of every object, was a quarter
 * of the time spent per change. Ajv compiles the schema's JSON Schema form
 * (`z.toJSONSchema`) into straight-line JavaScript that only answers yes or
 * no, about 3× faster. `fast-check.test.ts` feeds both the same mutated items
 * and requires the same verdict, so the two can never drift apart; a schema
 * feature JSON Schema cannot express (a `refine`) fails that compile loudly.
 *
 * The checks are compiled once, at build time, not at every start: compiling
 * them took 0.6 CPU-seconds of each start's main thread (bench:start
 * --profile), on the way to the first snapshot, and loading Ajv more.
 * `checked-schemas.ts` names them, `npm run gen:checks` writes
 * `checks.generated.ts` (Ajv's standalone code, compile-check.ts's options),
 * and a test fails when that file no longer matches the schemas.
 */

export type CheckName = keyof typeof precompiled;

/** The check compiled at build time for the schema `checked-schemas.ts` names `name`. */
export function precompiledCheck(name: CheckName): (value: unknown) => boolean {
  const validate = precompiled[name] as (value: unknown) => boolean;
  return (value) => validate(value) === true;
}
