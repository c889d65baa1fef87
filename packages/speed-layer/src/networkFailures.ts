/**
 * Node and driver codes for a connection that could not be made or was lost: a retry can help, and nothing
 * was committed (the transaction never reached COMMIT, or its connection died before the answer).
 */
export const networkFailures = {
  codes: [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EAI_AGAIN',
    'ECONNABORTED',
    // mysql2's names for a dropped connection.
    'PROTOCOL_CONNECTION_LOST',
    'PROTOCOL_SEQUENCE_TIMEOUT',
  ],
  messages: [
    // pg: the server closed the socket or the pool could not hand out a connection in time.
    /Connection terminated/i,
    /timeout exceeded when trying to connect/i,
    /not queryable/i,
  ],
} as const;
