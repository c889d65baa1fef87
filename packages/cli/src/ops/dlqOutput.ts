import type { MoveTaskStatus, ReplayEvent } from '@ferry/ops';

/**
 * What `ferry dlq replay` prints. On a terminal: a progress bar on stderr, the dry-run listing and a summary on
 * stdout. Otherwise JSON lines on stdout: one per message (`type: message`), per move-task poll (`type: task`),
 * then one `type: summary`.
 */
export function dlqOutput(options: { json: boolean; total: number | undefined }) {
  const { json } = options;
  const tty = !json && process.stderr.isTTY === true;
  let done = 0;
  const counts = { moved: 0, 'would-move': 0, kept: 0, invalid: 0, failed: 0 };
  const bar = (line: string, fraction: number | undefined) => {
    if (!tty) return;
    const width = 30;
    const filled = fraction === undefined ? 0 : Math.round(Math.min(1, fraction) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}\x1b[K`);
  };
  const print = (line: unknown) => console.log(typeof line === 'string' ? line : JSON.stringify(line));

  return {
    event(event: ReplayEvent): void {
      done++;
      counts[event.action]++;
      const m = event.message;
      if (json) {
        print({
          type: 'message',
          action: event.action,
          messageId: m.messageId,
          files: m.files,
          receiveCount: m.receiveCount,
          sentAt: m.sentAt,
          ...(event.reason ? { reason: event.reason } : {}),
        });
        return;
      }
      if (event.action === 'would-move' || event.action === 'invalid' || event.action === 'failed') {
        if (tty) process.stderr.write('\r\x1b[K');
        const files = m.files.map((f) => `${f.table ?? '(unmapped)'}  ${f.key}`).join(', ') || '(no files)';
        const why = event.reason ?? 'first error: see the consumer logs for this key (SQS does not keep it)';
        print(
          `${event.action.padEnd(10)} ${files}  received ${m.receiveCount ?? '?'}x, first sent ${m.sentAt ?? '?'}  — ${why}`,
        );
      }
      bar(
        `${counts.moved} moved, ${counts['would-move']} would move, ${counts.kept} kept, ${counts.invalid} unreadable, ${counts.failed} failed`,
        options.total ? done / options.total : undefined,
      );
    },
    started(taskHandle: string): void {
      if (json) print({ type: 'task', taskHandle, status: 'STARTED' });
      else print(`move task started: ${taskHandle} (stop it with --cancel)`);
    },
    task(status: MoveTaskStatus): void {
      if (json) print({ type: 'task', ...status });
      else
        bar(
          `${status.status}: ${status.moved}${status.toMove === undefined ? '' : `/${status.toMove}`} moved`,
          status.toMove ? status.moved / status.toMove : undefined,
        );
    },
    summary(summary: Record<string, unknown>): void {
      if (tty) process.stderr.write('\n');
      if (json) print({ type: 'summary', ...summary });
      else
        print(
          Object.entries(summary)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
            .join('\n'),
        );
    },
  };
}
