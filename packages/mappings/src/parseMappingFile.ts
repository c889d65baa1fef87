import { genericIssueMessage } from './genericIssueMessage.js';
import { issueProblems } from './issueProblems.js';
import { mappingFileSchema } from './mappingFileSchema.js';
import type { ParsedMappingFile } from './ParsedMappingFile.js';
import type { PathProblem } from './PathProblem.js';

/**
 * Checks one file's shape with zod. Problems go to `report`. When every problem sits inside some tables,
 * the file is parsed again without those tables so the rest can still be checked further (all problems
 * at once, not one round per fix); `undefined` when nothing could be salvaged.
 */
export function parseMappingFile(json: unknown, report: (problem: PathProblem) => void): ParsedMappingFile | undefined {
  const result = mappingFileSchema.safeParse(json, { reportInput: true, error: genericIssueMessage });
  if (result.success) return result.data;
  for (const problem of issueProblems(result.error.issues, mappingFileSchema)) report(problem);

  const badTables = new Set<PropertyKey>();
  for (const issue of result.error.issues) {
    if (issue.path[0] !== 'tables' || issue.path.length < 2) return undefined;
    badTables.add(issue.path[1]!);
  }
  const { tables } = json as { tables: Record<string, unknown> };
  const kept = Object.fromEntries(Object.entries(tables).filter(([key]) => !badTables.has(key)));
  const retry = mappingFileSchema.safeParse({ ...(json as object), tables: kept });
  return retry.success ? retry.data : undefined;
}
