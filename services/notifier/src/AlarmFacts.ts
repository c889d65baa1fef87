import type { Measure } from './Measure.js';

/** The kinds of alarm ferry's stages raise, and `unknown` for any other alarm on the topic. */
export type AlarmKind =
  | 'dlq-depth'
  | 'queue-backlog'
  | 'iterator-age'
  | 'function-errors'
  | 'freshness'
  | 'stalled'
  | 'unknown';

/** What an alarm means for ferry, read from its metric, dimensions and name (`describeAlarm`). */
export interface AlarmFacts {
  readonly kind: AlarmKind;
  /** What broke, as one sentence without a full stop: `The warehouse DLQ holds messages`. */
  readonly what: string;
  /** The thing itself, for the recovery line: `The warehouse DLQ (ferry-prod-warehouse-dlq)`. */
  readonly subject: string;
  /** Where, as label and value: the stage, then the queue, stream, function or table. */
  readonly where: readonly (readonly [label: string, value: string])[];
  /** How the metric's values read. */
  readonly measure: Measure;
  /** What to run or read next, most useful first; commands are wrapped in backticks. */
  readonly next: readonly string[];
}
