import type { Mappings } from '@ferry/mappings';
import { BatchOutcome } from './BatchOutcome.js';
import { intakeMessages } from './intakeMessages.js';
import type { MessageEvent } from './MessageEvent.js';
import type { TableFiles } from './TableFiles.js';

/** The logger calls `acceptBatch` makes (Powertools' `Logger` fits). */
export interface BatchLogger {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/**
 * The first step of both SQS handlers: reads the batch (`intakeMessages`), logs what needs nothing from ferry
 * (`skipped`, with the reason) and what cannot be read (`message failed`, terminal), and starts the batch's
 * outcome with those failures. The caller loads or forwards `tables` and adds its own failures to `outcome`.
 */
export function acceptBatch(
  messages: readonly { readonly messageId: string; readonly body: string }[],
  mappings: Mappings,
  logger: BatchLogger,
): { tables: readonly TableFiles<MessageEvent>[]; outcome: BatchOutcome; failedMessages: number } {
  const outcome = new BatchOutcome();
  const intake = intakeMessages(messages, mappings);
  for (const s of intake.skipped) logger.info('skipped', { messageId: s.messageId, fileKey: s.key, reason: s.reason });
  for (const f of intake.failed) {
    logger.error('message failed', {
      messageId: f.messageId,
      fileKey: f.key,
      reason: f.error.message,
      retryable: false,
    });
    outcome.fail(f.messageId, f.error.message, false);
  }
  return { tables: intake.tables, outcome, failedMessages: intake.failed.length };
}
