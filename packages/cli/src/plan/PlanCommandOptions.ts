/** `ferry plan`'s options as commander hands them over: numbers still text, checked by `runPlan`. */
export interface PlanCommandOptions {
  readonly mappings: string;
  /** A stage: its config decides the warehouse and batching settings, and the mappings diff against `deployed/<stage>`. */
  readonly stage?: string;
  /** A folder of the mappings to diff against, instead of the `deployed/<stage>` tag. */
  readonly base?: string;
  readonly warehouse?: string;
  readonly window?: string;
  readonly concurrency?: string;
  readonly mergeInterval?: string;
  readonly filesPerMinute?: string;
  readonly rowsPerDay?: string;
  readonly staging?: string;
  readonly columns?: string;
  readonly mergeSeconds?: string;
  readonly autoSuspend?: string;
  readonly creditsPerHour?: string;
  readonly json?: boolean;
}
