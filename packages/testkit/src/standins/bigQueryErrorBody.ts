import type { BigQueryJobError } from './BigQueryJobError.js';

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
};

/** The body of a BigQuery REST error response (what @google-cloud/common turns into an ApiError). */
export function bigQueryErrorBody(httpCode: number, error: BigQueryJobError): Record<string, unknown> {
  return {
    error: {
      code: httpCode,
      message: error.message,
      errors: [
        {
          message: error.message,
          domain: 'global',
          reason: error.reason,
          ...(error.location === undefined ? {} : { location: error.location, locationType: 'parameter' }),
        },
      ],
      status: STATUS[httpCode] ?? 'UNKNOWN',
    },
  };
}
