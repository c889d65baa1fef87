import { FerryError, isSafeIdentifier } from '@ferry/core';

/** Throws unless `name` is an identifier every dialect takes as it is (invariant 7) and not one of ferry's own. */
export function requireIdentifier(name: string, what: string, where: string): void {
  if (!isSafeIdentifier(name)) {
    throw new FerryError(`${where}: ${what} ${JSON.stringify(name)} is not a safe identifier`, {
      hint: 'Use letters, digits and _ (starting with a letter or _), at most 63 characters; rename it in the mapping',
    });
  }
  if (name.toLowerCase().startsWith('_ferry_')) {
    throw new FerryError(`${where}: ${what} ${JSON.stringify(name)} uses the _ferry_ prefix ferry keeps for itself`, {
      hint: 'Rename it in the mapping',
    });
  }
}
