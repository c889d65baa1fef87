import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FerryError, type Sink } from '@ferry/core';
import { loadMappings, mappingsJsonSchema } from '@ferry/mappings';
import { openSpeedLayer } from '@ferry/speed-layer';
import { generateWorkload, writeWorkload } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import { Command, Option } from 'commander';
import { awsSecretReader } from './awsSecretReader.js';
import { formatDevSummary } from './dev/formatDevSummary.js';
import { formatDevView } from './dev/formatDevView.js';
import { progressLine } from './dev/progressLine.js';
import { runDev } from './dev/runDev.js';
import { summaryOk } from './dev/summaryOk.js';
import { formatQueryResult } from './formatQueryResult.js';
import { formatRunSummary } from './formatRunSummary.js';
import { localFileStore } from './localFileStore.js';
import { registerBackfillCommand } from './ops/backfillCommand.js';
import { registerDlqCommand } from './ops/dlqCommand.js';
import { registerReloadCommand } from './ops/reloadCommand.js';
import { registerStatusCommand } from './ops/statusCommand.js';
import { registerStreamCommand } from './ops/streamCommand.js';
import type { PlanCommandOptions } from './plan/PlanCommandOptions.js';
import { runPlan } from './plan/runPlan.js';
import { resolveMaskKey } from './resolveMaskKey.js';
import { runOnce } from './runOnce.js';

const STATE_DIR = '.ferry';

interface SinkOptions {
  mappings: string;
  warehouse: string;
  speedLayer: string;
}

function addSinkOptions(cmd: Command): Command {
  return cmd
    .option('--mappings <dir>', 'folder of mapping JSON files', './mappings')
    .option(
      '--warehouse <url>',
      'duckdb:<file> | snowflake://… | bigquery://… (docs/warehouses.md), or "none"',
      `duckdb:${STATE_DIR}/warehouse.duckdb`,
    )
    .option(
      '--speed-layer <url>',
      'pglite:<dir> | postgres://… | mysql://…, or "none"',
      `pglite:${STATE_DIR}/speed-layer`,
    );
}

async function openSinks(opts: SinkOptions): Promise<{ warehouse?: Sink; speedLayer?: Sink }> {
  const sinks: { warehouse?: Sink; speedLayer?: Sink } = {};
  if (opts.warehouse !== 'none')
    sinks.warehouse = await openWarehouse(opts.warehouse, { readSecret: awsSecretReader() });
  if (opts.speedLayer !== 'none') sinks.speedLayer = await openSpeedLayer(opts.speedLayer);
  return sinks;
}

/**
 * The `ferry` command line, every command registered: `main.ts` runs it; tests parse documented command lines with
 * it (a command or option the docs use must exist).
 */
export function buildProgram(): Command {
  const program = new Command('ferry').description('Land AWS DMS change files in a warehouse and a speed layer.');

  addSinkOptions(
    program
      .command('run')
      .description('process every DMS file under --input through both sinks once, then print what landed')
      .requiredOption('--input <dir>', 'folder laid out like the landing bucket (<prefix><schema>/<table>/<file>)')
      .option('--json', 'print the summary as JSON')
      .addHelpText(
        'after',
        `
  Exit code 1 when a file failed (each failure is listed with its file and reason).

  Examples:
    $ pnpm ferry generate --out /tmp/dms && pnpm ferry run --input /tmp/dms --mappings /tmp/dms/mappings
    $ pnpm ferry run --input ./landing --warehouse none --speed-layer postgres://postgres@127.0.0.1:5432/test
    $ pnpm ferry run --input ./landing --json`,
      ),
  ).action(async (opts: SinkOptions & { input: string; json?: boolean }) => {
    const mappings = await loadMappings(opts.mappings);
    if (mappings.sources.length === 0) {
      throw new FerryError(`no mapping files in ${opts.mappings}`, {
        hint: 'Point --mappings at the folder of <source>.json files (see docs/mappings.md)',
      });
    }
    const sinks = await openSinks(opts);
    try {
      const summary = await runOnce({
        mappings,
        files: localFileStore(resolve(opts.input)),
        sinks,
        maskKey: await resolveMaskKey(process.env, join(STATE_DIR, 'mask.key')),
        log: opts.json ? undefined : (line) => console.error(line),
      });
      console.log(opts.json ? JSON.stringify(summary, null, 2) : formatRunSummary(summary));
      if (!opts.json && summary.tables.length > 0) {
        console.log('\nLook at what landed: pnpm ferry query warehouse "select * from <schema>.<table>_live limit 5"');
        console.log('                     pnpm ferry query speed-layer "select count(*) from <table>"');
      }
      process.exitCode = summary.ok ? 0 : 1;
    } finally {
      await Promise.all(Object.values(sinks).map((s) => s.close()));
    }
  });

  addSinkOptions(
    program
      .command('query')
      .description('run one SQL statement against a sink and print the rows (exact values)')
      .addArgument(
        new Command().createArgument('<sink>', 'warehouse | speed-layer').choices(['warehouse', 'speed-layer']),
      )
      .argument('<sql>', 'the statement')
      .option('--json', 'JSON lines, exact values as strings')
      .addHelpText(
        'after',
        `
  Examples:
    $ pnpm ferry query warehouse "select * from raw_brand_a.orders_live limit 5"
    $ pnpm ferry query speed-layer "select count(*) from orders" --json
    $ pnpm ferry query warehouse "select * from ferry_table_status" --warehouse duckdb:.ferry/warehouse.duckdb`,
      ),
  ).action(async (sinkName: string, sql: string, opts: SinkOptions & { json?: boolean }) => {
    const sink =
      sinkName === 'warehouse'
        ? await openWarehouse(opts.warehouse, { readSecret: awsSecretReader() })
        : await openSpeedLayer(opts.speedLayer);
    try {
      console.log(formatQueryResult(await sink.query(sql), opts.json ?? false));
    } finally {
      await sink.close();
    }
  });

  const mappingsCmd = program.command('mappings').description('check mapping files and write their JSON Schema');
  mappingsCmd
    .command('check')
    .description('validate every mapping file in a folder, naming file, JSON path and what to do for each problem')
    .argument('[dir]', 'folder of mapping JSON files', './mappings')
    .addHelpText(
      'after',
      `
  Examples:
    $ pnpm ferry mappings check
    $ pnpm ferry mappings check packages/plan/test/fixtures/six-sources`,
    )
    .action(async (dir: string) => {
      const mappings = await loadMappings(dir);
      const tables = mappings.sources.reduce((n, s) => n + s.tables.size, 0);
      console.log(`OK: ${mappings.sources.length} source(s), ${tables} table(s) in ${dir}`);
    });
  mappingsCmd
    .command('schema')
    .description('write mappings/mappings.schema.json (or, with --check, fail when it is stale)')
    .option('--out <file>', 'where to write it', 'mappings/mappings.schema.json')
    .option('--check', 'exit non-zero when the file differs from what the code generates')
    .addHelpText(
      'after',
      `
  Examples:
    $ pnpm ferry mappings schema
    $ pnpm ferry mappings schema --check`,
    )
    .action(async (opts: { out: string; check?: boolean }) => {
      const text = `${JSON.stringify(mappingsJsonSchema(), null, 2)}\n`;
      if (opts.check) {
        const current = await readFile(opts.out, 'utf8').catch(() => '');
        if (current !== text) {
          console.error(`${opts.out} is stale: run \`pnpm ferry mappings schema\` and commit it`);
          process.exitCode = 1;
          return;
        }
        console.log(`${opts.out} is up to date`);
        return;
      }
      await writeFile(opts.out, text);
      console.log(`wrote ${opts.out}`);
    });

  program
    .command('generate')
    .description('write a seeded DMS workload (files + mappings) as DMS would write it')
    .requiredOption('--out <dir>', 'output folder: the files land under <dir>/dms/<source>/…')
    .option('--mappings-out <dir>', 'where the mapping files go (default <dir>/mappings)')
    .addOption(new Option('--seed <n>', 'seed').default(1).argParser((v) => Number.parseInt(v, 10)))
    .addOption(
      new Option('--rows <n>', 'approximate row changes').default(2000).argParser((v) => Number.parseInt(v, 10)),
    )
    .addHelpText(
      'after',
      `
  Examples:
    $ pnpm ferry generate --out /tmp/dms
    $ pnpm ferry generate --out /tmp/dms --seed 7 --rows 50000 --mappings-out ./mappings`,
    )
    .action(async (opts: { out: string; mappingsOut?: string; seed: number; rows: number }) => {
      const workload = generateWorkload({ seed: opts.seed, rows: opts.rows });
      const written = await writeWorkload(workload, opts.out, {
        mappingsDir: opts.mappingsOut ?? join(opts.out, 'mappings'),
      });
      console.log(`wrote ${written.keys.length} file(s) under ${opts.out}, mappings in ${written.mappingsDir}`);
    });

  program
    .command('plan')
    .description(
      'what a deploy of the mappings would change (--stage), and per warehouse table the jobs or statements a day the warehouse loader will run, against the quotas',
    )
    .option('--mappings <dir>', 'folder of mapping JSON files', './mappings')
    .option('--stage <stage>', 'use config/<stage>.json and diff the mappings against the git tag deployed/<stage>')
    .option('--base <dir>', 'diff the mappings against this folder instead of the deployed/<stage> tag')
    .addOption(
      new Option('--warehouse <kind>', "which warehouse to model (default: the stage's, else bigquery)").choices([
        'bigquery',
        'snowflake',
        'duckdb',
      ]),
    )
    .option('--window <s>', 'SQS batching window of the loader, 0-300 s (default 60)')
    .option('--concurrency <n>', 'maximum concurrency of the loader, 2 or more (default 2)')
    .option(
      '--merge-interval <s>',
      'minimum seconds between merges of one table, 0 = off (default 180 on bigquery, else 0)',
    )
    .option('--files-per-minute <n>', 'DMS files per minute per source table (default 1)')
    .option('--rows-per-day <n>', 'row changes per day over all mapped tables (default 40000000)')
    .addOption(
      new Option('--staging <mode>', 'Snowflake: how batches reach the staging table (PUT + COPY, or INSERT binds)')
        .choices(['copy', 'binds'])
        .default('copy'),
    )
    .option('--columns <n>', 'data columns per table, for Snowflake --staging binds (default 20)')
    .option('--merge-seconds <s>', 'Snowflake estimate: seconds one merge keeps the warehouse busy (default 10)')
    .option('--auto-suspend <s>', "Snowflake: the warehouse's AUTO_SUSPEND (default 60)")
    .option('--credits-per-hour <n>', "Snowflake: credits per hour of the warehouse's size (default 1, X-Small)")
    .option('--json', 'print the plan as JSON ({"stage", "changes", "quotas"})')
    // Exit code 1 means "over budget" here; a usage error (commander's own exit 1) must not look like one.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .addHelpText(
      'after',
      `
  Exit code 1 when a table is over its budget (BigQuery: 500 modifications/day, a third of the 1,500 quota).
  The model and its assumptions: docs/warehouses.md.

  Examples:
    $ pnpm ferry plan
    $ pnpm ferry plan --stage prod --json
    $ pnpm ferry plan --mappings packages/plan/test/fixtures/six-sources --merge-interval 0
    $ pnpm ferry plan --warehouse snowflake --window 120 --json`,
    )
    .action(async (opts: PlanCommandOptions) => {
      const { output, exitCode } = await runPlan(opts);
      console.log(output);
      process.exitCode = exitCode;
    });

  const DEV_DIR = join(STATE_DIR, 'dev');
  const int = (v: string) => Number.parseInt(v, 10);

  program
    .command('dev')
    .description(
      'run the whole pipeline live on embedded stand-ins (local AWS stack, DuckDB, PGlite) with a demo DMS writer',
    )
    .option('--input <dir>', 'upload this folder (laid out like the landing bucket) instead of running the demo writer')
    .option('--mappings <dir>', 'mapping folder for --input (the demo writer brings its own)', './mappings')
    .option('--state <dir>', 'where logs and the default sinks go; emptied at start', DEV_DIR)
    .option(
      '--warehouse <url>',
      'duckdb:<file> | snowflake://… | bigquery://…, or "none" (default duckdb:<state>/warehouse.duckdb)',
    )
    .option(
      '--speed-layer <url>',
      'pglite:<dir> | postgres://… | mysql://…, or "none" (default pglite:<state>/speed-layer)',
    )
    .addOption(new Option('--rate <rows/s>', 'demo writer: row changes per second').default(200).argParser(int))
    .addOption(
      new Option('--tick <ms>', 'demo writer: a file per table every this many ms').default(1000).argParser(int),
    )
    .addOption(
      new Option('--duration <s>', 'stop writing after this long, drain, print a summary, exit').argParser(int),
    )
    .addOption(new Option('--seed <n>', 'demo writer seed').default(1).argParser(int))
    .addOption(new Option('--shards <n>', 'Kinesis shards').default(4).argParser(int))
    .addOption(
      new Option('--merge-interval <s>', 'warehouse loader: merge each target at most once per this many seconds')
        .default(0)
        .argParser(int),
    )
    .option('--json', 'print only the final summary, as JSON')
    .addHelpText(
      'after',
      `
  Exit code 1 when a file was dead-lettered, or (when it drained) the sinks do not match the source.

  Examples:
    $ pnpm start
    $ pnpm ferry dev --duration 60 --json
    $ pnpm ferry dev --input /tmp/dms --mappings /tmp/dms/mappings --merge-interval 30
    $ pnpm ferry dev --speed-layer postgres://postgres@127.0.0.1:5432/test`,
    )
    .action(
      async (opts: {
        input?: string;
        mappings: string;
        state: string;
        warehouse?: string;
        speedLayer?: string;
        rate: number;
        tick: number;
        duration?: number;
        seed: number;
        shards: number;
        mergeInterval: number;
        json?: boolean;
      }) => {
        // The local stack starts empty every time; so do the default sinks, or their ledgers would
        // remember files of a stack that no longer exists.
        await rm(opts.state, { recursive: true, force: true });
        const warehouse = opts.warehouse ?? `duckdb:${join(opts.state, 'warehouse.duckdb')}`;
        const speedLayer = opts.speedLayer ?? `pglite:${join(opts.state, 'speed-layer')}`;
        const controller = new AbortController();
        let interrupts = 0;
        process.on('SIGINT', () => {
          interrupts += 1;
          if (interrupts > 1) process.exit(130);
          console.error('\nstopping: finishing the invocations in flight (Ctrl-C again to quit at once)…');
          controller.abort();
        });
        const live = !opts.json && process.stdout.isTTY === true;
        const header = (now: number) =>
          `ferry dev — ${opts.input ? `uploading ${opts.input}` : `demo writer at ${opts.rate} rows/s`} — ${Math.round((now - started) / 1000)}s — Ctrl-C stops`;
        const started = Date.now();
        const summary = await runDev(
          {
            mappingsDir: opts.mappings,
            warehouse,
            speedLayer,
            input: opts.input,
            rate: opts.rate,
            tickMillis: opts.tick,
            seed: opts.seed,
            durationSeconds: opts.duration,
            json: opts.json === true,
            stateDir: opts.state,
            maskKey: await resolveMaskKey(process.env, join(STATE_DIR, 'mask.key')),
            shards: opts.shards,
            mergeIntervalSeconds: opts.mergeInterval,
          },
          {
            signal: controller.signal,
            onTick: opts.json
              ? undefined
              : live
                ? (stats, now) => process.stdout.write(`\x1b[2J\x1b[H${formatDevView(stats.view(now), header(now))}\n`)
                : progressLine(started),
            log: opts.json ? undefined : (line) => console.error(line),
          },
        );
        if (opts.json) console.log(JSON.stringify(summary, null, 2));
        else console.log(formatDevSummary(summary));
        process.exitCode = summaryOk(summary) ? 0 : 1;
      },
    );

  registerBackfillCommand(program);
  registerDlqCommand(program);
  registerReloadCommand(program);
  registerStatusCommand(program);
  registerStreamCommand(program);
  return program;
}
