import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KinesisClient, PutRecordsCommandInput, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import type { AnyHandler } from '@ferry/cli';
import { type Sink, SinkUnavailableError } from '@ferry/core';
import type { SqlClient } from '@ferry/speed-layer';
import type { BigQueryFaults, SnowflakeFaults } from '@ferry/testkit';
import type { CallNumbers, ChaosFunction, ChaosPlan } from './ChaosPlan.js';
import { FAULT_KINDS, type FaultKind } from './FAULT_KINDS.js';

/** The stand-in whose own fault switches the injector arms, when the warehouse is one. */
export type WarehouseFaults =
  | { readonly kind: 'snowflake'; readonly faults: SnowflakeFaults }
  | { readonly kind: 'bigquery'; readonly faults: BigQueryFaults };

interface Invocation {
  readonly generation: number;
}

/**
 * Carries out a `ChaosPlan` on a running pipeline: wraps the handlers, the warehouse sink, the speed layer's
 * SQL client and the forwarder's Kinesis client, and fires each planned fault at its call number. Every
 * fault is counted when it fires. `stop()` disarms everything (calls past it run clean), which is when a
 * chaos run starts to drain.
 *
 * A killed process is modelled with the invocation each call belongs to (AsyncLocalStorage): after `kill()`,
 * every invocation that was in flight fails at its next I/O and its result is never acknowledged, as when
 * Lambda loses the process; its open transaction rolls back, as a dropped connection's does.
 */
export class FaultInjector {
  readonly counts = new Map<FaultKind, number>(FAULT_KINDS.map((k) => [k, 0]));
  readonly #plan: ChaosPlan;
  readonly #warehouseFaults: WarehouseFaults | undefined;
  readonly #calls = new Map<string, number>();
  readonly #invocation = new AsyncLocalStorage<Invocation>();
  #armed = true;
  #generation = 0;
  #inFlight = 0;

  constructor(plan: ChaosPlan, warehouseFaults?: WarehouseFaults) {
    this.#plan = plan;
    this.#warehouseFaults = warehouseFaults;
  }

  count(kind: FaultKind, times = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + times);
  }

  /** Disarms every fault; calls from here on run clean. */
  stop(): void {
    this.#armed = false;
    this.#warehouseFaults?.faults.clear();
  }

  /** The next number of a call sequence, and whether the plan fires a fault there. */
  #fires(sequence: string, planned: CallNumbers): boolean {
    const n = (this.#calls.get(sequence) ?? 0) + 1;
    this.#calls.set(sequence, n);
    return this.#armed && planned.includes(n);
  }

  /** Throws, like a dead process would stop, when the calling invocation's process was killed. */
  #alive(): void {
    const invocation = this.#invocation.getStore();
    if (invocation !== undefined && invocation.generation !== this.#generation) {
      throw Object.assign(new Error('the process was killed (fault injected)'), { code: 'ECONNRESET' });
    }
  }

  /** Kills the functions' process once an invocation is in flight (waits up to 3 s for one). */
  async kill(): Promise<void> {
    if (!this.#armed) return;
    const until = Date.now() + 3_000;
    while (this.#inFlight === 0 && Date.now() < until) await sleep(10);
    if (this.#inFlight === 0) return;
    this.#generation += 1;
    this.count('process-killed');
  }

  wrapHandler(fn: ChaosFunction, handler: AnyHandler): AnyHandler {
    const plan = this.#plan;
    return async (event, context) => {
      if (this.#fires(`${fn}:before`, plan.crashBefore[fn])) {
        this.count('crash-before-work');
        throw new Error(`${fn} crashed before its work (fault injected)`);
      }
      const crashAfter = this.#fires(`${fn}:after`, plan.crashAfter[fn]);
      const redeliver = this.#fires(`${fn}:redeliver`, plan.redeliver[fn]);
      const invocation = { generation: this.#generation };
      this.#inFlight += 1;
      let result: unknown;
      try {
        result = await this.#invocation.run(invocation, () => handler(event, context));
      } finally {
        this.#inFlight -= 1;
      }
      if (invocation.generation !== this.#generation) throw new Error(`${fn}'s process was killed (fault injected)`);
      if (crashAfter) {
        this.count('crash-after-commit');
        throw new Error(`${fn} crashed after its work, before acknowledging (fault injected)`);
      }
      if (redeliver) {
        const records = (event as { Records: Record<string, unknown>[] }).Records;
        if (fn === 'merge-worker') {
          const first = records[0]?.kinesis as { sequenceNumber: string } | undefined;
          if (first === undefined) return result;
          this.count('kinesis-redelivery');
          return { batchItemFailures: [{ itemIdentifier: first.sequenceNumber }] };
        }
        this.count('sqs-redelivery');
        return { batchItemFailures: records.map((r) => ({ itemIdentifier: String(r.messageId) })) };
      }
      return result;
    };
  }

  /** The warehouse sink, with the plan's warehouse errors and failures after staging. */
  warehouse(sink: Sink): Sink {
    const plan = this.#plan;
    const standIn = this.#warehouseFaults;
    const applyFiles: Sink['applyFiles'] = async (table, files) => {
      this.#alive();
      const error = this.#fires('warehouse:error', plan.warehouseErrors);
      const afterStaging = this.#fires('warehouse:staging', plan.afterStaging) && standIn !== undefined;
      if (error && standIn === undefined) {
        this.count('warehouse-error');
        throw new SinkUnavailableError('duckdb', 'database is locked (fault injected)');
      }
      if (error && standIn?.kind === 'bigquery') standIn.faults.conflictNextInsert(1);
      if (error && standIn?.kind === 'snowflake') {
        standIn.faults.failNext({
          match: /^INSERT INTO "[^"]+"\."_ferry_ledger"/,
          code: '000625',
          sqlState: '40001',
          message: 'Transaction was aborted because of a lock wait timeout (fault injected)',
          abortsTransaction: true,
        });
      }
      if (afterStaging && standIn?.kind === 'bigquery') standIn.faults.failNextDml(1);
      if (afterStaging && standIn?.kind === 'snowflake') {
        standIn.faults.failNext({ match: /^MERGE INTO/, abortsTransaction: true });
      }
      const before = standIn?.faults.taken ?? 0;
      try {
        return await sink.applyFiles(table, files);
      } finally {
        // Whatever the stand-in fired during this call, attributed to what was armed for it.
        const fired = (standIn?.faults.taken ?? 0) - before;
        if (fired > 0) this.count(afterStaging && !error ? 'crash-after-staging' : 'warehouse-error', fired);
        standIn?.faults.clear();
      }
    };
    return new Proxy(sink, {
      get(target, property) {
        if (property === 'applyFiles') return applyFiles;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** The speed layer's SQL client, with the plan's connections reset mid-transaction. */
  sqlClient(client: SqlClient): SqlClient {
    const plan = this.#plan;
    return {
      query: (text, params) => {
        this.#alive();
        return client.query(text, params);
      },
      close: () => client.close(),
      transaction: (fn) => {
        this.#alive();
        const breaks = this.#fires('speed-layer:transaction', plan.brokenTransactions);
        return client.transaction(async (tx) => {
          let statements = 0;
          return fn({
            query: (text, params) => {
              this.#alive();
              statements += 1;
              if (breaks && statements === 2) {
                this.count('crash-mid-merge-transaction');
                throw Object.assign(new Error('connection reset mid-transaction (fault injected)'), {
                  code: 'ECONNRESET',
                });
              }
              return tx.query(text, params);
            },
          });
        });
      },
    };
  }

  /** The forwarder's Kinesis client: crashes right after a PutRecords call, and throttled entries. */
  adjustKinesis(client: KinesisClient): void {
    const plan = this.#plan;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'PutRecordsCommand') return next(args);
        this.#alive();
        const crash = this.#fires('kinesis:crash', plan.putRecordsCrash);
        const throttle = this.#fires('kinesis:throttle', plan.putRecordsThrottle);
        const input = args.input as PutRecordsCommandInput;
        const entries = input.Records ?? [];
        // Every other entry refused, as a hot shard refuses part of a call; the rest really go through.
        const refused = throttle && entries.length > 1 ? entries.map((_, i) => i % 2 === 1) : entries.map(() => false);
        const sent = entries.filter((_, i) => !refused[i]);
        const result = await next({ ...args, input: { ...input, Records: sent } });
        if (refused.some(Boolean)) {
          this.count('put-records-throttled');
          const answers = [...((result.output as PutRecordsCommandOutput).Records ?? [])];
          const output = result.output as PutRecordsCommandOutput;
          result.output = {
            ...output,
            FailedRecordCount: (output.FailedRecordCount ?? 0) + refused.filter(Boolean).length,
            Records: refused.map((r) =>
              r
                ? {
                    ErrorCode: 'ProvisionedThroughputExceededException',
                    ErrorMessage: 'Rate exceeded for shard (fault injected)',
                  }
                : answers.shift()!,
            ),
          };
        }
        if (crash) {
          this.count('crash-mid-put-records');
          throw new Error('the forwarder crashed after PutRecords reached Kinesis (fault injected)');
        }
        return result;
      },
      { step: 'initialize', name: 'chaosPutRecords' },
    );
  }
}
