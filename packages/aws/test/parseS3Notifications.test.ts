import { FerryError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { InvalidNotificationError, parseS3Notifications } from '../src/index.js';
import { s3Event, s3Record, snsEnvelope, testEvent } from './s3Events.js';

const KEY = 'dms/brand-a/shop/orders/20261123-000102345.parquet';
const expected = {
  bucket: 'ferry-landing',
  key: KEY,
  size: 2048,
  eTag: 'd41d8cd98f00b204e9800998ecf8427e',
  sequencer: '0055AED6DCD90281E5',
  eventTime: '2026-11-23T00:01:02.345Z',
};

function errorOf(body: string, messageId?: string): InvalidNotificationError {
  try {
    parseS3Notifications(body, messageId);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidNotificationError);
    return error as InvalidNotificationError;
  }
  throw new Error('expected InvalidNotificationError');
}

describe('parseS3Notifications: envelope shapes (FACTS.md §2)', () => {
  it('reads a raw S3 event (direct S3 → SQS, or SNS with raw message delivery)', () => {
    expect(parseS3Notifications(s3Event(s3Record(KEY)), 'm-1')).toEqual([expected]);
  });

  it('reads an S3 event wrapped in an SNS envelope', () => {
    expect(parseS3Notifications(snsEnvelope(s3Event(s3Record(KEY))), 'm-1')).toEqual([expected]);
  });

  it('returns every record of a message, in order', () => {
    const body = s3Event(
      s3Record('dms/brand-a/shop/orders/LOAD00000001.parquet'),
      s3Record('dms/brand-a/shop/orders/LOAD00000002.parquet', { size: 5, bucket: 'other' }),
    );
    for (const wrapped of [body, snsEnvelope(body)]) {
      const events = parseS3Notifications(wrapped);
      expect(events.map((e) => [e.bucket, e.key, e.size])).toEqual([
        ['ferry-landing', 'dms/brand-a/shop/orders/LOAD00000001.parquet', 2048],
        ['other', 'dms/brand-a/shop/orders/LOAD00000002.parquet', 5],
      ]);
    }
  });

  it('skips s3:TestEvent, raw or through SNS', () => {
    expect(parseS3Notifications(testEvent, 'm-1')).toEqual([]);
    expect(parseS3Notifications(snsEnvelope(testEvent), 'm-1')).toEqual([]);
  });

  it('ignores events other than ObjectCreated:* and keeps every ObjectCreated kind', () => {
    const body = s3Event(
      s3Record('a.parquet', { eventName: 'ObjectCreated:Put' }),
      // A delete notification carries no size or eTag: it must be skipped, not rejected.
      { eventName: 'ObjectRemoved:Delete', eventTime: 'x', s3: { bucket: { name: 'b' }, object: { key: 'gone' } } },
      s3Record('b.parquet', { eventName: 'ObjectCreated:CompleteMultipartUpload' }),
      s3Record('c.parquet', { eventName: 'ObjectCreated:Copy' }),
      s3Record('d.parquet', { eventName: 'ObjectRestore:Completed' }),
    );
    expect(parseS3Notifications(body).map((e) => e.key)).toEqual(['a.parquet', 'b.parquet', 'c.parquet']);
  });

  it('returns nothing for an S3 event with no records', () => {
    expect(parseS3Notifications(s3Event())).toEqual([]);
  });
});

describe('parseS3Notifications: URL-encoded keys', () => {
  it.each([
    ['a+b', 'a b'],
    ['a%2Bb', 'a+b'],
    ['a%20b', 'a b'],
    ['a%2Bb+c%2B', 'a+b c+'],
    ['%ED%95%9C%EA%B8%80/%EC%A3%BC%EB%AC%B8.parquet', '한글/주문.parquet'],
    [
      'dms/brand-a/%EC%87%BC%ED%95%91/orders+2026/LOAD00000001.parquet',
      'dms/brand-a/쇼핑/orders 2026/LOAD00000001.parquet',
    ],
    ['emoji%F0%9F%9A%A2.parquet', 'emoji🚢.parquet'],
    ['100%25+done', '100% done'],
    ['plain/key.parquet', 'plain/key.parquet'],
  ])('%s → %s', (encoded, key) => {
    expect(parseS3Notifications(s3Event(s3Record(encoded)))[0]!.key).toBe(key);
    expect(parseS3Notifications(snsEnvelope(s3Event(s3Record(encoded))))[0]!.key).toBe(key);
  });

  it('rejects a key with a malformed escape, naming the message and the key', () => {
    const error = errorOf(s3Event(s3Record('bad%E0%A4%A.parquet')), 'msg-7');
    expect(error.message).toContain('message msg-7');
    expect(error.message).toContain('"bad%E0%A4%A.parquet" is not a valid URL-encoded key');
    expect(error.cause).toBeInstanceOf(URIError);
  });
});

describe('parseS3Notifications: what is not an S3 notification is a terminal error naming the message', () => {
  it.each([
    ['garbage', 'not json at all', 'body is not JSON: not json at all'],
    ['empty body', '', 'body is not JSON'],
    ['a JSON array', '[1,2]', 'the body is neither an S3 event'],
    ['a JSON string', '"hello"', 'the body is neither an S3 event'],
    [
      'an unrelated object',
      '{"orderId":42}',
      'the body is neither an S3 event (no "Records" array) nor an SNS envelope of one: {"orderId":42}',
    ],
    ['Records that is not an array', '{"Records":{}}', 'the body is neither an S3 event'],
    [
      'an SNS envelope of a non-S3 message',
      snsEnvelope('{"alarm":"CPU high"}'),
      'the SNS Message is neither an S3 event',
    ],
    [
      'an SNS envelope whose Message is not JSON',
      snsEnvelope('hello from SNS'),
      'SNS Message is not JSON: hello from SNS',
    ],
    [
      'an SNS subscription confirmation',
      snsEnvelope('You have chosen to subscribe…', 'SubscriptionConfirmation'),
      'SNS "SubscriptionConfirmation" message, not a Notification',
    ],
    ['a record without eventName', s3Event({ s3: {} }), 'Records[0].eventName'],
    [
      'a created record without a key',
      s3Event({ ...s3Record('k'), s3: { bucket: { name: 'b' }, object: { size: 1, eTag: 'e', sequencer: 's' } } }),
      'Records[0].s3.object.key',
    ],
    [
      'a created record with a string size',
      s3Event(s3Record('k'), {
        ...s3Record('k'),
        s3: { ...s3Record('k').s3, object: { ...s3Record('k').s3.object, size: '12' } },
      }),
      'Records[1].s3.object.size',
    ],
  ])('%s', (_what, body, reason) => {
    const error = errorOf(body, '3f1c0a7e-message');
    expect(error.message).toMatch(/^message 3f1c0a7e-message: /);
    expect(error.message).toContain(reason);
    expect(error.messageId).toBe('3f1c0a7e-message');
    expect(error).toBeInstanceOf(FerryError);
    expect(error.retryable).toBe(false);
  });

  it('says when no message id was given', () => {
    expect(errorOf('nope').message).toMatch(/^message \(no id\): body is not JSON/);
  });

  it('keeps the message short for a huge bad body', () => {
    expect(errorOf(`{"x":"${'y'.repeat(100_000)}"}`, 'm').message.length).toBeLessThan(400);
  });
});
