import type { MappingJson } from './MappingJson.js';
import type { OracleTable } from './OracleTable.js';
import type { WorkloadFile } from './WorkloadFile.js';
import type { WorkloadOptions } from './WorkloadOptions.js';

/** A generated DMS workload: its mappings, its files in the order DMS would write them, and its oracle. */
export interface Workload {
  readonly options: Required<WorkloadOptions>;
  readonly mappings: readonly MappingJson[];
  /** Full-load files first (source by source, table by table), then CDC files by file time. */
  readonly files: readonly WorkloadFile[];
  /** One entry per mapped target table (built on first read). */
  readonly oracle: readonly OracleTable[];
}
