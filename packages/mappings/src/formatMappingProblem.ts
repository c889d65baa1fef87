import type { MappingProblem } from './MappingProblem.js';

/** `brand-a.json: tables["shop.orders"]: unknown key "primarykey" — did you mean "primaryKey"?` */
export function formatMappingProblem(problem: MappingProblem): string {
  return problem.path ? `${problem.file}: ${problem.path}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}
