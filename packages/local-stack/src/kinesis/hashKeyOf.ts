import { createHash } from 'node:crypto';

/** Kinesis's hash key for a partition key: MD5 of its UTF-8 bytes, read as a big-endian 128-bit integer. */
export function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}
