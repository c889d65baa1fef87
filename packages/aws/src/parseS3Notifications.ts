import { z } from 'zod';
import { decodeS3Key } from './decodeS3Key.js';
import { InvalidNotificationError } from './InvalidNotificationError.js';
import type { S3ObjectEvent } from './S3ObjectEvent.js';

// Only what ferry reads is required; S3 and SNS add fields over time and those pass untouched.
const snsEnvelope = z.object({ Type: z.literal('Notification'), Message: z.string() });
const testEvent = z.object({ Event: z.literal('s3:TestEvent') });
const anyRecord = z.object({ eventName: z.string() });
const createdRecord = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative(),
      eTag: z.string(),
      sequencer: z.string(),
    }),
  }),
});
const s3Event = z.object({ Records: z.array(z.unknown()) });

/**
 * The objects an SQS message reports as created. The body is either an SNS envelope (`Type: 'Notification'`,
 * the S3 JSON in `Message`) or, with raw delivery or a direct S3 → SQS notification, the S3 JSON itself.
 * A message may hold several records; `s3:TestEvent` and events other than `ObjectCreated:*` give nothing.
 * Keys come back URL-decoded (see `decodeS3Key`).
 *
 * Throws `InvalidNotificationError` naming `messageId` and the reason when the body is not JSON, or is JSON
 * but neither an S3 event nor an SNS envelope of one, or a key does not decode.
 *
 * @example parseS3Notifications(record.body, record.messageId) // [{ bucket, key, size, eTag, sequencer, eventTime }]
 */
export function parseS3Notifications(body: string, messageId?: string): S3ObjectEvent[] {
  let payload = parseJson(body, messageId, 'body');
  const envelope = snsEnvelope.safeParse(payload);
  if (envelope.success) {
    payload = parseJson(envelope.data.Message, messageId, 'SNS Message');
  } else if (isObject(payload) && 'Type' in payload && 'Message' in payload) {
    // An SNS envelope, but not a notification (a subscription confirmation, say): say so rather than "no Records".
    throw new InvalidNotificationError(messageId, `SNS ${JSON.stringify(payload.Type)} message, not a Notification`);
  }
  if (testEvent.safeParse(payload).success) return [];

  const event = s3Event.safeParse(payload);
  if (!event.success) {
    const what = envelope.success ? 'the SNS Message' : 'the body';
    throw new InvalidNotificationError(
      messageId,
      `${what} is neither an S3 event (no "Records" array) nor an SNS envelope of one: ${preview(payload)}`,
    );
  }

  const created: S3ObjectEvent[] = [];
  event.data.Records.forEach((raw, i) => {
    const base = anyRecord.safeParse(raw);
    if (!base.success) throw invalidRecord(messageId, i, base.error);
    if (!base.data.eventName.startsWith('ObjectCreated:')) return;
    const record = createdRecord.safeParse(raw);
    if (!record.success) throw invalidRecord(messageId, i, record.error);
    const { s3, eventTime } = record.data;
    let key: string;
    try {
      key = decodeS3Key(s3.object.key);
    } catch (error) {
      throw new InvalidNotificationError(
        messageId,
        `Records[${i}].s3.object.key ${JSON.stringify(s3.object.key)} is not a valid URL-encoded key`,
        { cause: error },
      );
    }
    created.push({
      bucket: s3.bucket.name,
      key,
      size: s3.object.size,
      eTag: s3.object.eTag,
      sequencer: s3.object.sequencer,
      eventTime,
    });
  });
  return created;
}

function parseJson(text: string, messageId: string | undefined, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidNotificationError(messageId, `${what} is not JSON: ${preview(text)}`, { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidRecord(messageId: string | undefined, index: number, error: z.ZodError): InvalidNotificationError {
  const issue = error.issues[0]!;
  const path = [`Records[${index}]`, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))];
  return new InvalidNotificationError(messageId, `${path.join('')}: ${issue.message}`, { cause: error });
}

/** Enough of a bad body to recognise it in a log, never the whole (possibly huge) message. */
function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
