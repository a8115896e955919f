import type { ApiErrorBody, ErrorCode } from '../../../native/api/index.ts';

/** A failed console API call: a contract error code and a message an operator can act on. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly issues: NonNullable<ApiErrorBody['issues']>;

  constructor(code: ErrorCode, message: string, issues: ApiErrorBody['issues'] = []) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
    this.issues = issues;
  }

  static fromBody(body: ApiErrorBody): ApiCallError {
    return new ApiCallError(body.code, body.message, body.issues);
  }
}

/** The contract's codes the renderer produces itself (no host answer at all). */
export const UNAVAILABLE: ErrorCode = 'unavailable';
