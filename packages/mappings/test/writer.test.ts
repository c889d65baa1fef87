import { describe, expect, it } from 'vitest';
import { parseMappings } from '../src/index.js';
import { exampleMapping } from './exampleMapping.js';
import { problemLines } from './problemLines.js';

const withWriter = (writer: unknown) => ({ ...exampleMapping(), writer });
const one = (json: unknown) => problemLines([{ file: 'brand-a.json', json }]);

describe('a mapping names the AWS account (and role) its DMS writes from', () => {
  it('resolves the account and role as written, and no writer when none is given', () => {
    const role = 'arn:aws:iam::123456789012:role/service-role/dms-s3';
    const both = parseMappings([{ file: 'brand-a.json', json: withWriter({ account: '123456789012', role }) }]);
    expect(both.sources[0]!.writer).toEqual({ account: '123456789012', role });
    const account = parseMappings([{ file: 'brand-a.json', json: withWriter({ account: '210987654321' }) }]);
    expect(account.sources[0]!.writer).toEqual({ account: '210987654321' });
    const none = parseMappings([{ file: 'brand-a.json', json: exampleMapping() }]);
    expect(none.sources[0]!.writer).toBeUndefined();
  });

  it('refuses an account that is not 12 digits in a string, naming the value', () => {
    expect(one(withWriter({ account: '12345' }))).toEqual([
      'brand-a.json: writer.account: "12345" is not an AWS account id: write its 12 digits as a string, e.g. "123456789012"',
    ]);
    expect(one(withWriter({ account: 123456789012 }))).toEqual([
      'brand-a.json: writer.account: must be a string: the 12-digit AWS account id, e.g. "123456789012"',
    ]);
    expect(one(withWriter({ role: 'arn:aws:iam::123456789012:role/dms-s3' }))).toEqual([
      'brand-a.json: writer: missing required key "account" — The AWS account id (12 digits) the source’s DMS task writes from.',
    ]);
  });

  it('refuses a role that is not an IAM role ARN, or that lives in another account', () => {
    expect(one(withWriter({ account: '123456789012', role: 'dms-s3' }))).toEqual([
      'brand-a.json: writer.role: "dms-s3" is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>, e.g. "arn:aws:iam::123456789012:role/dms-s3"',
    ]);
    expect(one(withWriter({ account: '123456789012', role: 'arn:aws:iam::123456789012:user/dms' }))).toEqual([
      'brand-a.json: writer.role: "arn:aws:iam::123456789012:user/dms" is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>, e.g. "arn:aws:iam::123456789012:role/dms-s3"',
    ]);
    expect(one(withWriter({ account: '123456789012', role: 'arn:aws:iam::999999999999:role/dms-s3' }))).toEqual([
      'brand-a.json: writer.role: the role is in account 999999999999, not in writer.account 123456789012 — name a role of the writing account, or fix the account',
    ]);
  });

  it('refuses unknown keys in writer, with a did-you-mean', () => {
    expect(one(withWriter({ account: '123456789012', roles: 'x' }))).toEqual([
      'brand-a.json: writer: unknown key "roles" — did you mean "role"?',
    ]);
  });
});
