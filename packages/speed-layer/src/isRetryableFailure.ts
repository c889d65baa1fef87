import type { FailureCodes } from './FailureCodes.js';

/**
 * Whether a retry can help with `error`: its code, SQLSTATE class or message is listed in `failures`.
 * Looks through `cause` and `AggregateError.errors` (Node reports a refused dual-stack connect that way).
 */
export function isRetryableFailure(error: unknown, failures: FailureCodes): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (e === null || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const { code, errno, message, cause, errors } = e as {
      code?: unknown;
      errno?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string' || typeof code === 'number') {
      if (failures.codes.has(code)) return true;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && failures.sqlStateClasses.has(code.slice(0, 2))) {
        return true;
      }
    }
    if (typeof errno === 'number' && failures.codes.has(errno)) return true;
    if (typeof message === 'string' && failures.messages.some((m) => m.test(message))) return true;
    if (Array.isArray(errors) && errors.some(visit)) return true;
    return visit(cause);
  };
  return visit(error);
}
