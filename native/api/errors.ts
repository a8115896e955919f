import { z } from 'zod';

/**
 * Error codes of the console API. Every failed request carries exactly one of
 * these, plus a message an operator can act on.
 */
export const ErrorCode = z.enum([
  /** The method exists but its params fail the contract's schema. */
  'invalid_params',
  /** No such method in the contract. */
  'unknown_method',
  /** A frame that is not a request/subscribe at all (not JSON, wrong shape). */
  'bad_frame',
  /** The caller's role may not do this (enforced in the host, not only hidden in the UI). */
  'forbidden',
  /** Signed out, or signed in with a token the platform refused. */
  'unauthenticated',
  'not_found',
  /** The platform refused a command because the entity changed meanwhile. */
  'conflict',
  /** The capability is not available in this console (e.g. no platform configured). */
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Field-level problems for invalid_params, so a form can highlight them. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** An error a handler throws on purpose; the host turns it into a response. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: ApiErrorBody['issues'];

  constructor(code: ErrorCode, message: string, issues?: ApiErrorBody['issues']) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): ApiErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** Flattens a zod error into `{path, message}` pairs for an `invalid_params` body. */
export function issuesOf(error: z.ZodError): NonNullable<ApiErrorBody['issues']> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}
