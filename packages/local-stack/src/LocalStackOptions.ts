import type { TopologyNames } from './TopologyNames.js';

export interface LocalStackOptions {
  /** `memory` (default): in-process, thousands of records/s. `kinesis-local`: kinesis-mock, slower, a second opinion. */
  readonly kinesis?: 'memory' | 'kinesis-local';
  /** Shards of the stream; default 1. */
  readonly shards?: number;
  /** Default `ap-northeast-2`. */
  readonly region?: string;
  /** Of both consumer queues; default 30. Tests use ~2 so failed messages come back quickly. */
  readonly visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to its queue's DLQ; default 5. */
  readonly maxReceiveCount?: number;
  /** Resource names, each defaulting to ferry's (`ferry-landing`, `ferry-warehouse`, ...). */
  readonly names?: Partial<TopologyNames>;
}
