import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Sink } from '@ferry/core';
import type { Mappings } from '@ferry/mappings';
import { backfill } from './backfill.js';
import type { ReloadTarget } from './findReloadTargets.js';
import type { ReloadReport } from './ReloadReport.js';
import type { ResetSql } from './ResetSql.js';
import { runResetSql } from './runResetSql.js';

export interface ReloadTableDeps {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly mappings: Mappings;
  /** The open sink a target lives in. */
  readonly sinkOf: (sink: ReloadTarget['sink']) => Sink;
  /** The reset statements of a target in its sink's dialect (`compileResetTarget`, `resetTargetSql`). */
  readonly resetSqlOf: (target: ReloadTarget, sink: Sink) => ResetSql;
}

export interface ReloadTableOptions {
  readonly targets: readonly ReloadTarget[];
  readonly bucket: string;
  readonly queues: { readonly warehouse: string; readonly stream: string };
  readonly topic: string;
  /** CDC files named at or after this; the full-load files are sent whatever it says. */
  readonly since?: Date | undefined;
  readonly rate: number;
  readonly dryRun: boolean;
}

/**
 * `ferry reload`: per target, drops it and ferry's bookkeeping of it in its sink (`runResetSql`: drops first, then
 * the entries' ledger, progress, tombstone and column-registry rows), then backfills every entry that feeds it to that
 * sink only, full load first. A dry run compiles the statements and lists the files, and changes nothing.
 *
 * Safe to rerun and safe while live files flow: every statement is idempotent, a live file that lands between the
 * drop and the bookkeeping deletes fails once and is delivered again, and the sinks' version guard makes files sent
 * twice harmless (DESIGN.md §2).
 */
export async function reloadTable(deps: ReloadTableDeps, options: ReloadTableOptions): Promise<ReloadReport[]> {
  const reports: ReloadReport[] = [];
  for (const t of options.targets) {
    const sink = deps.sinkOf(t.sink);
    const sql = deps.resetSqlOf(t, sink);
    const statements = options.dryRun ? [] : await runResetSql(sink, sql);
    let files = 0;
    // One backfill per source: a source names its own tables, and the entries may come from several sources.
    for (const source of [...new Set(t.entries.map((e) => e.source))]) {
      const report = await backfill(
        { s3: deps.s3, sqs: deps.sqs, mappings: deps.mappings },
        {
          bucket: options.bucket,
          sources: [source],
          table: t.entries.find((e) => e.source === source)!.table,
          ...(options.since ? { since: options.since } : {}),
          fullLoad: 'always',
          sink: t.sink,
          queues: options.queues,
          topic: options.topic,
          rate: options.rate,
          dryRun: options.dryRun,
        },
      );
      files += report.files.length;
    }
    reports.push({
      sink: t.sink,
      target: t.target.namespace === undefined ? t.target.name : `${t.target.namespace}.${t.target.name}`,
      entries: t.entries.map((e) => e.id),
      drops: sql.drops,
      deletes: sql.deletes.map((d) => d.sql),
      statements,
      files,
    });
  }
  return reports;
}
