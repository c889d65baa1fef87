import type { ReplayAuditRecord } from './ReplayAuditRecord.js';

/**
 * The one structured log line a replay run leaves (JSON, for CloudWatch Logs Insights or any log search),
 * written whatever the outcome, so every move of DLQ messages can be traced to a person and a time.
 *
 * @example console.error(JSON.stringify(replayAudit({ who, stage: 'prod', queue: 'warehouse', mode: 'filtered', … })))
 */
export function replayAudit(
  fields: Omit<ReplayAuditRecord, 'level' | 'message' | 'audit' | 'when'>,
  when: Date,
): ReplayAuditRecord {
  return { level: 'INFO', message: 'dlq replay', audit: true, when: when.toISOString(), ...fields };
}
