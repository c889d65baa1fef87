import { FerryError } from '@ferry/core';
import { formatMappingProblem } from './formatMappingProblem.js';
import type { MappingProblem } from './MappingProblem.js';

/**
 * The mappings cannot be used as written. Lists every problem found (not just the first), each naming
 * the file, the JSON path and what to do. Terminal: nothing flows until the mappings are fixed.
 */
export class MappingError extends FerryError {
  readonly problems: readonly MappingProblem[];

  constructor(problems: readonly MappingProblem[], options: { cause?: unknown } = {}) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${formatMappingProblem(p)}`).join('\n');
    super(`invalid mappings (${count}):\n${lines}`, { retryable: false, cause: options.cause });
    this.problems = problems;
  }
}
