/** The audit record of one replay run (`replayAudit`): who moved what, when, from where. */
export interface ReplayAuditRecord {
  readonly level: 'INFO';
  readonly message: 'dlq replay';
  readonly audit: true;
  /** The AWS caller ARN (STS GetCallerIdentity), else the OS user. */
  readonly who: string;
  readonly when: string;
  readonly stage: string;
  readonly queue: 'warehouse' | 'stream';
  readonly mode: 'filtered' | 'dry-run' | 'move-task' | 'cancel';
  readonly filters: { readonly table?: string; readonly since?: string; readonly max?: number; readonly rate?: number };
  readonly moved: number;
  readonly skipped: number;
  readonly invalid: number;
  readonly failed: number;
  readonly taskHandle?: string;
  readonly error?: string;
}
