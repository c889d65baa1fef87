import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../freePort.js';
import { LocalStackError } from '../LocalStackError.js';
import type { KinesisLocal } from './KinesisLocal.js';

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Starts kinesis-mock (npm `kinesis-local`, a Scala.js build run by this Node) on free ports and waits until it
 * answers. It is the reference Kinesis for functional tests of real SDK calls; it is slow (hundreds of records/s),
 * so `pnpm start` uses memoryKinesis instead.
 */
export async function startKinesisLocal(options: { region: string }): Promise<KinesisLocal> {
  const main = createRequire(import.meta.url).resolve('kinesis-local/main.js');
  const [plainPort, tlsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [main], {
    // server.json (its TLS certificate) is read relative to the working directory.
    cwd: dirname(main),
    env: {
      ...process.env,
      KINESIS_MOCK_PLAIN_PORT: String(plainPort),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      AWS_REGION: options.region,
      LOG_LEVEL: 'WARN',
      CREATE_STREAM_DURATION: '0ms',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const endpoint = `http://127.0.0.1:${plainPort}`;
  try {
    await waitUntilAnswering(endpoint, child);
  } catch (cause) {
    child.kill();
    throw new LocalStackError(`kinesis-local did not start on port ${plainPort}: ${stderr.trim() || String(cause)}`, {
      cause,
    });
  }
  return {
    endpoint,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      // kinesis-mock waits up to 30 s for open keep-alive connections to finish; it holds nothing worth
      // keeping, so a second later it is killed.
      const force = setTimeout(() => child.kill('SIGKILL'), 1_000);
      await exited;
      clearTimeout(force);
    },
  };
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      // Any HTTP answer (here: 400, no credentials) means the server is listening and parsing requests.
      await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams' } });
      return;
    } catch (cause) {
      if (Date.now() > deadline) throw cause;
      await sleep(100);
    }
  }
}
