import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import type { Mappings } from '@ferry/mappings';
import type { DlqMessage } from './DlqMessage.js';
import { describeDlqMessage } from './describeDlqMessage.js';
import { matchesReplayFilter } from './matchesReplayFilter.js';
import type { ReplayEvent } from './ReplayEvent.js';
import type { ReplayFilter } from './ReplayFilter.js';
import type { ReplayResult } from './ReplayResult.js';
import type { SqsPort } from './SqsPort.js';

export interface ReplayDlqInput {
  readonly sqs: SqsPort;
  readonly mappings: Mappings;
  readonly dlqUrl: string;
  /** The queue the DLQ belongs to: matching messages go back there. */
  readonly sourceUrl: string;
  readonly filter: ReplayFilter;
  /** List what would move; move nothing and put every message back. */
  readonly dryRun?: boolean;
  /** Move (or, dry, list) at most this many messages. */
  readonly max?: number;
  /** At most this many messages sent per second. */
  readonly rate?: number;
  /** Long-poll wait of each receive, 0-20 s; the replay ends at the first receive that brings nothing new. Default 2. */
  readonly waitTimeSeconds?: number;
  /**
   * How long received messages stay hidden while the run holds them (the ones it puts back at the end).
   * Should outlast the run; if the run dies, they reappear after this by themselves. Default 900.
   */
  readonly holdSeconds?: number;
  readonly onEvent?: (event: ReplayEvent) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const BATCH = 10;

/**
 * Moves the DLQ messages that match `filter` back to their source queue, one receive batch at a time:
 * send the same body (and attributes) to the source queue, and delete from the DLQ only the messages whose send
 * succeeded. A crash between the two leaves the message in the DLQ, so a second run sends it again; the
 * consumers' ledgers absorb the duplicate. Messages that do not match, are past `max`, or cannot be read are
 * held invisible during the run (so the loop does not see them again) and put back (visibility 0) at the end.
 *
 * @example await replayDlqMessages({ sqs, mappings, dlqUrl, sourceUrl, filter: { table: 'shop.orders' } })
 */
export async function replayDlqMessages(input: ReplayDlqInput): Promise<ReplayResult> {
  const { sqs, dlqUrl, sourceUrl, filter, dryRun = false, max = Number.POSITIVE_INFINITY, rate } = input;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = input.now ?? Date.now;
  const started = now();
  // messageId → the latest receipt handle of a message to put back at the end.
  const held = new Map<string, string>();
  const seen = new Set<string>();
  const invalid: ReplayEvent[] = [];
  const failed: ReplayEvent[] = [];
  let moved = 0;
  let wouldMove = 0;
  let kept = 0;
  const report = (event: ReplayEvent) => {
    if (event.action === 'invalid') invalid.push(event);
    if (event.action === 'failed') failed.push(event);
    input.onEvent?.(event);
  };

  try {
    while (moved + wouldMove < max) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: BATCH,
          WaitTimeSeconds: input.waitTimeSeconds ?? 2,
          VisibilityTimeout: input.holdSeconds ?? 900,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      const fresh: Message[] = [];
      for (const message of Messages) {
        const id = message.MessageId!;
        if (seen.has(id)) {
          // Back after its hold expired (or an at-least-once duplicate): keep only the newest handle.
          if (held.has(id)) held.set(id, message.ReceiptHandle!);
          continue;
        }
        seen.add(id);
        fresh.push(message);
      }
      if (fresh.length === 0) break;

      const toSend: { message: Message; described: DlqMessage }[] = [];
      for (const message of fresh) {
        const described = describeDlqMessage(message, input.mappings);
        if (described.invalid !== undefined) {
          held.set(described.messageId, message.ReceiptHandle!);
          report({ action: 'invalid', message: described, reason: described.invalid });
        } else if (!matchesReplayFilter(described, filter) || moved + wouldMove + toSend.length >= max) {
          held.set(described.messageId, message.ReceiptHandle!);
          kept++;
          report({ action: 'kept', message: described });
        } else if (dryRun) {
          held.set(described.messageId, message.ReceiptHandle!);
          wouldMove++;
          report({ action: 'would-move', message: described });
        } else {
          toSend.push({ message, described });
        }
      }
      if (toSend.length === 0) continue;

      // With --rate, chunks of at most `rate` messages, each sent no earlier than moved / rate seconds in.
      const chunk = rate !== undefined && rate > 0 ? Math.max(1, Math.min(BATCH, Math.floor(rate))) : BATCH;
      for (let i = 0; i < toSend.length; i += chunk) {
        if (rate !== undefined && rate > 0) {
          const wait = started + (moved * 1000) / rate - now();
          if (wait > 0) await sleep(wait);
        }
        moved += await moveBatch(sqs, dlqUrl, sourceUrl, toSend.slice(i, i + chunk), held, report);
      }
    }
  } finally {
    await release(sqs, dlqUrl, [...held.values()]);
  }
  return { moved, wouldMove, kept, invalid, failed };
}

/**
 * Sends one batch to the source queue and deletes from the DLQ exactly the messages whose send succeeded.
 * Returns how many were moved. Until deleted, a message counts as held, so it is put back if anything fails.
 */
async function moveBatch(
  sqs: SqsPort,
  dlqUrl: string,
  sourceUrl: string,
  batch: readonly { message: Message; described: DlqMessage }[],
  held: Map<string, string>,
  report: (event: ReplayEvent) => void,
): Promise<number> {
  const sent = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: sourceUrl,
      Entries: batch.map(({ message }, i) => ({
        Id: String(i),
        MessageBody: message.Body!,
        ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
          ? { MessageAttributes: message.MessageAttributes }
          : {}),
      })),
    }),
  );
  for (const { message, described } of batch) held.set(described.messageId, message.ReceiptHandle!);
  for (const failure of sent.Failed ?? []) {
    const { described } = batch[Number(failure.Id)]!;
    report({ action: 'failed', message: described, reason: `send failed: ${failure.Code} ${failure.Message ?? ''}` });
  }
  const ok = (sent.Successful ?? []).map((s) => batch[Number(s.Id)]!);
  if (ok.length === 0) return 0;
  // Sent but not yet deleted: should the delete fail (or the process die here), the message stays in the DLQ.
  const deleted = await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: dlqUrl,
      Entries: ok.map(({ message }, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle! })),
    }),
  );
  let moved = 0;
  for (const d of deleted.Successful ?? []) {
    const { described } = ok[Number(d.Id)]!;
    held.delete(described.messageId);
    moved++;
    report({ action: 'moved', message: described });
  }
  for (const failure of deleted.Failed ?? []) {
    const { described } = ok[Number(failure.Id)]!;
    report({
      action: 'failed',
      message: described,
      reason: `sent, but the DLQ delete failed (${failure.Code}): it stays in the DLQ and a later replay sends it again`,
    });
  }
  return moved;
}

/** Puts held messages back (visibility 0), ten per call as SQS allows. */
async function release(sqs: SqsPort, queueUrl: string, handles: string[]): Promise<void> {
  for (let i = 0; i < handles.length; i += BATCH) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: handles.slice(i, i + BATCH).map((handle, j) => ({
          Id: String(j),
          ReceiptHandle: handle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}
