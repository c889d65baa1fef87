export type { CallNumbers, ChaosFunction, ChaosPlan } from './ChaosPlan.js';
export type { ChaosRunResult } from './ChaosRunResult.js';
export { compareWithOracle } from './compareWithOracle.js';
export { drawChaosPlan } from './drawChaosPlan.js';
export { FAULT_KINDS, type FaultKind } from './FAULT_KINDS.js';
export { FaultInjector, type WarehouseFaults } from './FaultInjector.js';
export type { OracleDiff } from './OracleDiff.js';
export { type RunChaosOptions, runChaos } from './runChaos.js';
