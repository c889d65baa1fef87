import type { WorkloadOptions } from './WorkloadOptions.js';

/** The options that decide the generators' mappings and oracle targets (internal). */
export type TargetOptions = Pick<Required<WorkloadOptions>, 'sources' | 'consolidated' | 'deletes' | 'sequenceTables'>;
