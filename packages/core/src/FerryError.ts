/**
 * The base of every error ferry raises on purpose. Each one says whether trying again can help
 * (`retryable`: a database that is down, a deadlock) or not (terminal: a corrupt file, a bad mapping),
 * and what to do next (`hint`). Adapters decide this where the failure happens (DESIGN.md §4).
 */
export class FerryError extends Error {
  readonly retryable: boolean;
  readonly hint: string | undefined;

  constructor(message: string, options: { retryable?: boolean; hint?: string; cause?: unknown } = {}) {
    super(options.hint ? `${message}. ${options.hint}` : message, { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
    this.hint = options.hint;
  }
}
