/**
 * The one error base of the engine. Every error the library raises on purpose is a CaseloadError with
 * a stable `code`: calling systems (and the HTTP service) branch on the code, never on the message,
 * whose wording may change.
 */

/**
 * The stable error codes.
 *  INPUT_INVALID      the input breaks the contract (InputError lists every issue)
 *  USAGE              a command or request was called the wrong way (missing or clashing options)
 *  SOLVE_FAILED       a solve's worker thread crashed, ran out of memory or threw
 *  SOLVE_ABORTED      a solve was cancelled (AbortSignal) or stopped by its backstop
 *  CHECK_FAILED       a solver's answer failed the independent checker (a bug: please report it)
 *  QUEUE_FULL         the service's queue is full; retry after the Retry-After seconds
 *  NOT_FOUND          no such job or route
 *  PAYLOAD_TOO_LARGE  the request body is over the service's limit
 *  UNAVAILABLE        the service is shutting down
 *  INTERNAL           anything else (a bug)
 */
export const ERROR_CODES = ['INPUT_INVALID', 'USAGE', 'SOLVE_FAILED', 'SOLVE_ABORTED', 'CHECK_FAILED', 'QUEUE_FULL', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'UNAVAILABLE', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class CaseloadError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CaseloadError';
  }
}

/** The stable code of any thrown value: its own for a CaseloadError, INTERNAL for anything else. */
export function errorCode(e: unknown): ErrorCode {
  return e instanceof CaseloadError ? e.code : 'INTERNAL';
}
