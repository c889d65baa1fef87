import { FerryError } from '@ferry/core';
import { parseWarehouseUrl } from '@ferry/warehouse';
import type { z } from 'zod';
import type { StageConfig } from './StageConfig.js';
import { StageConfigError } from './StageConfigError.js';
import type { StageConfigProblem } from './StageConfigProblem.js';
import { stageConfigSchema } from './stageConfigSchema.js';

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Validates a parsed `config/<stage>.json` (`file` is the name messages use) and fills its defaults. Throws one
 * `StageConfigError` listing every problem: the shape (zod), the warehouse URL (parsed as the loader parses it),
 * and rules across fields (Lambda's SQS batching rule, retention, bounded record age).
 *
 * @example parseStageConfig('config/dev.json', JSON.parse(text))
 */
export function parseStageConfig(file: string, json: unknown): StageConfig {
  const result = stageConfigSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    throw new StageConfigError(result.error.issues.map((issue) => ({ file, ...issueProblem(issue) })));
  }
  const config = result.data;
  const problems: StageConfigProblem[] = [];
  const report = (path: string, message: string) => problems.push({ file, path, message });

  checkWarehouse(config.warehouse, report);
  for (const fn of ['warehouseLoader', 'changeForwarder'] as const) {
    const c = config[fn];
    // Lambda refuses an SQS event source with more than 10 messages per batch and no batching window.
    if (c.batchSize > 10 && c.batchingWindowSeconds < 1) {
      report(
        `${fn}.batchingWindowSeconds`,
        `must be at least 1 when batchSize is above 10 (it is ${c.batchSize}): Lambda requires a batching window for batches above 10`,
      );
    }
  }
  if (config.retention.deadLetterDays < config.retention.queueDays) {
    report(
      'retention.deadLetterDays',
      `must be at least retention.queueDays (${config.retention.queueDays}): a message keeps its first enqueue time in the dead-letter queue, so a shorter retention deletes it there early`,
    );
  }
  if (config.mergeWorker.maximumRecordAgeSeconds > config.retention.streamHours * 3600) {
    report(
      'mergeWorker.maximumRecordAgeSeconds',
      `must be at most the stream's retention (retention.streamHours ${config.retention.streamHours} = ${config.retention.streamHours * 3600} s): older records are gone from the stream`,
    );
  }
  if (problems.length > 0) throw new StageConfigError(problems);
  return config;
}

function checkWarehouse(warehouse: StageConfig['warehouse'], report: (path: string, message: string) => void): void {
  let url: ReturnType<typeof parseWarehouseUrl>;
  try {
    url = parseWarehouseUrl(warehouse.url);
  } catch (error) {
    if (!(error instanceof FerryError)) throw error;
    report('warehouse.url', error.message);
    return;
  }
  if (url.kind !== warehouse.kind) {
    report('warehouse.url', `is a ${url.kind} URL, but warehouse.kind is "${warehouse.kind}"`);
    return;
  }
  const isFile = (ref: { secret: string } | { file: string } | undefined) => ref !== undefined && 'file' in ref;
  const localFile =
    url.kind === 'snowflake'
      ? isFile(url.privateKey)
        ? 'privateKeyFile'
        : isFile(url.privateKeyPass)
          ? 'privateKeyPassFile'
          : undefined
      : url.kind === 'bigquery' && isFile(url.credentials)
        ? 'credentialsFile'
        : undefined;
  if (localFile !== undefined) {
    report(
      'warehouse.url',
      `names a local file (${localFile}=): a deployed loader has none — store the key in Secrets Manager and use ${localFile.replace(/File$/, 'Secret')}=`,
    );
  }
  if (warehouse.googleCredentialConfig !== undefined && url.kind !== 'bigquery') {
    report('warehouse.googleCredentialConfig', 'is for BigQuery only (workload identity federation)');
  }
  if (url.kind === 'bigquery') {
    const keySecret = url.credentials !== undefined && 'secret' in url.credentials;
    if (keySecret && warehouse.googleCredentialConfig !== undefined) {
      report(
        'warehouse.googleCredentialConfig',
        'is given along with credentialsSecret= in the URL: keep one way to log in (a key, or workload identity federation)',
      );
    }
    if (!keySecret && url.credentials === undefined && warehouse.googleCredentialConfig === undefined) {
      report(
        'warehouse.url',
        'has no credentialsSecret=, and no warehouse.googleCredentialConfig is given: the deployed loader would have no Google credentials (docs/warehouses.md)',
      );
    }
  }
}

function issueProblem(issue: z.core.$ZodIssue): { path: string; message: string } {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    return { path: formatPath(path), message: `unknown key${issue.keys.length === 1 ? '' : 's'} ${keys}` };
  }
  if (issue.code === 'invalid_type' && issue.input === undefined && path.length > 0) {
    const key = String(path[path.length - 1]);
    return { path: formatPath(path.slice(0, -1)), message: `missing required key ${JSON.stringify(key)}` };
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
    const choices = issue.values.map((v) => JSON.stringify(v)).join(', ');
    return { path: formatPath(path), message: `must be one of ${choices}, got ${JSON.stringify(issue.input)}` };
  }
  return { path: formatPath(path), message: issue.message };
}

/** `warehouseLoader.batchSize`, `speedLayer.subnetIds[0]`: a path as a person reads it in the file. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && PLAIN_KEY.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
