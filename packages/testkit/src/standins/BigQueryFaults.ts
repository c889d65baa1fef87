import type { BigQueryJobError } from './BigQueryJobError.js';

/** Faults armed on a BigQuery stand-in. */
export class BigQueryFaults {
  readonly #failing = new Map<string, BigQueryJobError>();
  readonly #running = new Map<string, number>();
  #dmlFailures = 0;
  #insertConflicts = 0;
  /** How many armed faults have fired (what a fault-injection run reports). */
  taken = 0;

  /** The job inserted with this id ends DONE with `error` as its errorResult, without running. */
  failJob(
    jobId: string,
    error: BigQueryJobError = { reason: 'backendError', message: 'Job failed (stand-in fault).' },
  ): void {
    this.#failing.set(jobId, error);
  }

  /**
   * The job with this id reports RUNNING to its next `gets` reads (jobs.get, getQueryResults), after
   * the insert answer (which always says RUNNING).
   */
  holdRunning(jobId: string, gets: number): void {
    this.#running.set(jobId, gets);
  }

  /**
   * The next `times` mutating DML statements (MERGE, UPDATE, DELETE) fail the way BigQuery fails a
   * DML that lost a race: "Could not serialize access to table … due to concurrent update", or
   * "Transaction is aborted due to concurrent update against table …" inside a transaction.
   */
  failNextDml(times = 1): void {
    this.#dmlFailures += times;
  }

  /**
   * The next `times` job inserts run their job, then answer 409 "Already Exists", as the retry of an insert
   * whose first answer was lost meets the job that first insert created.
   */
  conflictNextInsert(times = 1): void {
    this.#insertConflicts += times;
  }

  clear(): void {
    this.#failing.clear();
    this.#running.clear();
    this.#dmlFailures = 0;
    this.#insertConflicts = 0;
  }

  /** @internal */
  failureFor(jobId: string): BigQueryJobError | undefined {
    return this.#failing.get(jobId);
  }

  /** @internal Whether this read of the job still sees it RUNNING (consuming one read). */
  stillRunning(jobId: string): boolean {
    const left = this.#running.get(jobId) ?? 0;
    if (left <= 0) return false;
    this.#running.set(jobId, left - 1);
    return true;
  }

  /** @internal Whether this DML statement loses a race (consuming one armed failure). */
  takeDml(): boolean {
    if (this.#dmlFailures <= 0) return false;
    this.#dmlFailures -= 1;
    this.taken += 1;
    return true;
  }

  /** @internal Whether this insert answers 409 after running its job (consuming one armed conflict). */
  takeInsertConflict(): boolean {
    if (this.#insertConflicts <= 0) return false;
    this.#insertConflicts -= 1;
    this.taken += 1;
    return true;
  }
}
