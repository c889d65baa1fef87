import { FerryError } from '@ferry/core';
import type { StageConfigProblem } from './StageConfigProblem.js';

/**
 * The stage configuration cannot be deployed as written. Lists every problem found, each naming the file and the
 * JSON path. Terminal: fix the file (docs/deploy.md) and package again.
 */
export class StageConfigError extends FerryError {
  readonly problems: readonly StageConfigProblem[];

  constructor(problems: readonly StageConfigProblem[], options: { cause?: unknown } = {}) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.file}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`).join('\n');
    super(`invalid stage configuration (${count}):\n${lines}`, { retryable: false, cause: options.cause });
    this.problems = problems;
  }
}
