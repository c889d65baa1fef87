import type { z } from 'zod';
import { didYouMean } from './didYouMean.js';
import { showValue } from './showValue.js';

/**
 * Messages for issues whose schema gives none of its own; passed to `safeParse` as the parse-level error
 * map, so a schema's custom message still wins.
 */
export function genericIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}, got ${showValue(issue.input)}`;
    case 'invalid_value': {
      const choices = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const guess =
        typeof issue.input === 'string'
          ? didYouMean(
              issue.input,
              issue.values.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      return `must be one of ${choices}, got ${showValue(issue.input)}${guess ? ` — did you mean ${JSON.stringify(guess)}?` : ''}`;
    }
    default:
      return undefined;
  }
}

function article(expected: string): string {
  // A record is what a person calls an object in JSON.
  const name = expected === 'record' ? 'object' : expected;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}
