/** A JSON 1.1 protocol answer: HTTP status and the body object. */
export type JsonAnswer = readonly [status: number, body: unknown];
