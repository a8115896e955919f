import Ajv2020 from 'ajv/dist/2020.js';
import { z } from 'zod';

/**
 * Compiling a zod schema into a yes/no check (fast-check.ts says why), at
 * build time (generate-checks.ts) or, in tests, on the spot. The console
 * itself never loads this module: its checks are compiled already.
 */

// Formats are checked by the patterns zod writes beside them; strict mode
// would refuse zod's `format` keywords without ajv-formats.
export const CHECK_AJV_OPTIONS = { strict: false, validateFormats: false, allErrors: false } as const;
let ajv: Ajv2020 | null = null;

/** Compiles a check now. */
export function compileCheck(schema: z.ZodType): (value: unknown) => boolean {
  ajv ??= new Ajv2020(CHECK_AJV_OPTIONS);
  const validate = ajv.compile(checkedJsonSchema(schema));
  return (value) => validate(value) === true;
}

/** The JSON Schema form of `schema` that its check is compiled from, now or at build time. */
export function checkedJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    unrepresentable: 'throw',
    io: 'input',
    // A refine has no JSON Schema form and would be dropped without a word.
    override: ({ zodSchema }) => {
      const checks = (zodSchema._zod.def as { checks?: { _zod: { def: { check: string } } }[] }).checks ?? [];
      if (checks.some((c) => c._zod.def.check === 'custom')) throw new Error('compileCheck: a refine cannot be compiled; express it as a pattern');
    },
  }) as Record<string, unknown>;
}
