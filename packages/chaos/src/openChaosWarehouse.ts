import type { Sink } from '@ferry/core';
import { startBigQueryStandIn, startSnowflakeStandIn } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import snowflake from 'snowflake-sdk';
import type { ChaosPlan } from './ChaosPlan.js';
import type { WarehouseFaults } from './FaultInjector.js';
import { standInKeys } from './standInKeys.js';

snowflake.configure({ logLevel: 'OFF', disableOCSPChecks: true });

/** A run's warehouse (see `openChaosWarehouse`). */
export interface ChaosWarehouse {
  readonly sink: Sink;
  /** The stand-in's fault switches, when the warehouse is a cloud stand-in. */
  readonly faults?: WarehouseFaults;
  close(): Promise<void>;
}

/**
 * The run's warehouse, fresh and empty: DuckDB in memory, or a Snowflake or BigQuery stand-in reached through the
 * real SDK by its ferry URL, as `ferry run --warehouse <url>` reaches it.
 */
export async function openChaosWarehouse(kind: ChaosPlan['warehouse']): Promise<ChaosWarehouse> {
  if (kind === 'duckdb') {
    const sink = await openWarehouse('duckdb::memory:');
    return { sink, close: () => sink.close() };
  }
  const keys = await standInKeys();
  if (kind === 'snowflake') {
    const standIn = await startSnowflakeStandIn({ publicKey: keys.snowflake.publicKey });
    const params = new URLSearchParams({
      warehouse: 'FERRY_WH',
      role: 'FERRY_LOADER',
      privateKeySecret: 'ferry/chaos/snowflake-key',
      accessUrl: standIn.accessUrl,
    });
    const url = `snowflake://${standIn.username}@${standIn.account}/${standIn.database}/${standIn.schema}?${params}`;
    const sink = await openWarehouse(url, { readSecret: async () => keys.snowflake.privateKey });
    return {
      sink,
      faults: { kind: 'snowflake', faults: standIn.faults },
      close: async () => {
        await sink.close();
        await standIn.stop();
      },
    };
  }
  const standIn = await startBigQueryStandIn({
    serviceAccount: { clientEmail: keys.bigQuery.clientEmail, publicKey: keys.bigQuery.publicKey },
  });
  const params = new URLSearchParams({ credentialsFile: keys.bigQuery.keyFile, apiEndpoint: standIn.apiEndpoint });
  const sink = await openWarehouse(`bigquery://${standIn.projectId}?${params}`);
  return {
    sink,
    faults: { kind: 'bigquery', faults: standIn.faults },
    close: async () => {
      await sink.close();
      await standIn.stop();
    },
  };
}
