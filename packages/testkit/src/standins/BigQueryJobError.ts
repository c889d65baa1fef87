/** An `ErrorProto` as BigQuery puts it in `status.errorResult` and in error responses. */
export interface BigQueryJobError {
  readonly reason: string;
  readonly message: string;
  readonly location?: string;
}
