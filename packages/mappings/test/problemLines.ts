import { FerryError } from '@ferry/core';
import { expect } from 'vitest';
import { formatMappingProblem, MappingError, parseMappings } from '../src/index.js';

/** The formatted problems `parseMappings` throws for `files`; fails the test when it does not throw. */
export function problemLines(files: { file: string; json: unknown }[]): string[] {
  try {
    parseMappings(files);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toBeInstanceOf(FerryError);
    const problems = (error as MappingError).problems;
    // The message lists every problem too, so a log line alone tells the whole story.
    for (const p of problems) expect((error as MappingError).message).toContain(formatMappingProblem(p));
    return problems.map(formatMappingProblem);
  }
  throw new Error('parseMappings accepted the files');
}
