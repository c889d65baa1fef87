import type { SpeedLayerDialect } from './SpeedLayerDialect.js';
import type { SqlSession } from './SqlSession.js';

/** How a `SpeedLayerSink` treats its client and dialect. */
export interface SpeedLayerSinkOptions {
  /** Close the client with the sink (true when the adapter opened it; false for a client passed in ready). */
  readonly ownsClient: boolean;
  /**
   * Runs once, on first use, to learn what the dialect needs from the server (MySQL: the no-pad binary
   * collation it offers, `max_allowed_packet`). Failures here are classified like any other.
   */
  readonly prepare?: (session: SqlSession, dialect: SpeedLayerDialect) => Promise<SpeedLayerDialect>;
}
