import { isSafeIdentifier } from '@ferry/core';

/**
 * Why `name` cannot name something ferry creates in a target (a schema, table or column), or `undefined`
 * when it can: it must suit every sink dialect as it is (DESIGN.md invariant 7) and must not take ferry's
 * own `_ferry_` prefix (any case: some engines fold it).
 */
export function targetNameReason(name: string): string | undefined {
  if (/^_ferry_/i.test(name)) return 'names starting with "_ferry_" are reserved for ferry\'s own columns';
  if (!isSafeIdentifier(name)) {
    return 'use only letters, digits and _, starting with a letter or _, at most 63 characters';
  }
  return undefined;
}
