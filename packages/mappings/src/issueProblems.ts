import type { z } from 'zod';
import { didYouMean } from './didYouMean.js';
import { objectAt } from './objectAt.js';
import type { PathProblem } from './PathProblem.js';
import { schemaAt } from './schemaAt.js';
import { showValue } from './showValue.js';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod's issues for one file into problems a person can act on: unknown keys with a did-you-mean,
 * missing keys with the field's description, a union's failure reported from the branch the value was
 * meant for. `root` is the schema the issues came from (parsed with `reportInput: true`).
 */
export function issueProblems(issues: readonly Issue[], root: z.ZodType): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) collect(issue, [], root, out);
  return out;
}

function collect(issue: Issue, base: readonly PropertyKey[], root: z.ZodType, out: PathProblem[]): void {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = Object.keys(objectAt(schemaAt(root, path))?.shape ?? {});
      for (const key of issue.keys) out.push({ path, message: unknownKeyMessage(key, allowed) });
      return;
    }
    case 'invalid_union': {
      // `false | {…}`: when the value was clearly meant for one branch (it failed inside it, not on its
      // type), that branch's issues say what is wrong; otherwise the union's own message lists the choices.
      const meant = issue.errors.filter((branch) => branch.some((i) => !isTypeMismatch(i)));
      if (meant.length === 1) {
        for (const inner of meant[0]!) collect(inner, path, root, out);
        return;
      }
      out.push({ path, message: `${issue.message}, got ${showValue(issue.input)}` });
      return;
    }
    case 'invalid_key': {
      const key = path.at(-1);
      const reason = issue.issues[0]?.message ?? 'is not allowed here';
      out.push({ path: path.slice(0, -1), message: `key ${JSON.stringify(key)} ${reason}` });
      return;
    }
    default: {
      if (issue.code === 'invalid_type' && issue.input === undefined && path.length > 0) {
        out.push({ path: path.slice(0, -1), message: missingKeyMessage(path, root) });
        return;
      }
      out.push({ path, message: issue.message });
    }
  }
}

function isTypeMismatch(issue: Issue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const guess = didYouMean(key, allowed);
  if (guess) return `unknown key ${JSON.stringify(key)} — did you mean ${JSON.stringify(guess)}?`;
  return `unknown key ${JSON.stringify(key)} — allowed keys: ${allowed.map((k) => JSON.stringify(k)).join(', ')}`;
}

function missingKeyMessage(path: readonly PropertyKey[], root: z.ZodType): string {
  const key = String(path.at(-1));
  const description = schemaAt(root, path)?.description;
  return `missing required key ${JSON.stringify(key)}${description ? ` — ${description}` : ''}`;
}
