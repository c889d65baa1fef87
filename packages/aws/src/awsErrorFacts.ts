/** What ferry reads off an AWS SDK v3 error (or a network error the SDK passed through) to decide its fate. */
export interface AwsErrorFacts {
  /** The service's error code (`NoSuchKey`, `ProvisionedThroughputExceededException`), or the JS error's name. */
  readonly code: string;
  /** The HTTP status, when a response came back at all. */
  readonly status: number | undefined;
  /** Throttling, a 5xx, or no response (network, timeout): trying again later can help. */
  readonly transient: boolean;
  /** Throttling in particular (counted apart: it says the stream or bucket needs more capacity). */
  readonly throttling: boolean;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'KMSThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
]);
const TRANSIENT = new Set([
  'InternalFailure',
  'InternalFailureException',
  'InternalError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

/** Reads an AWS SDK v3 error's code and HTTP status, and whether it is transient. */
export function awsErrorFacts(error: unknown): AwsErrorFacts {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    Code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $retryable?: { throttling?: unknown };
  };
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  // Node's socket errors carry `code` (ECONNRESET); the SDK's service errors carry `name` (and `Code`).
  const code =
    typeof e.code === 'string' && e.code !== ''
      ? e.code
      : typeof e.Code === 'string' && e.Code !== ''
        ? e.Code
        : typeof e.name === 'string' && e.name !== '' && e.name !== 'Error'
          ? e.name
          : 'UnknownError';
  const throttling = THROTTLING.has(code) || status === 429 || e.$retryable?.throttling === true;
  const transient =
    throttling ||
    // The SDK marks the errors its own retry strategy would retry.
    e.$retryable !== undefined ||
    TRANSIENT.has(code) ||
    (status !== undefined && status >= 500) ||
    // No HTTP response at all: the request never got an answer (socket, DNS, timeout).
    (status === undefined && !(error instanceof TypeError) && !(error instanceof RangeError));
  return { code, status, transient, throttling };
}
