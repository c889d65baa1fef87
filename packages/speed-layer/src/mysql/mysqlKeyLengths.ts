/**
 * The longest key values a MySQL table takes, as the VARCHAR/VARBINARY lengths of key columns (LONGTEXT and
 * LONGBLOB cannot be keys). 191 characters × 4 bytes of utf8mb4 = 764 bytes fits even the 767-byte index
 * limit of old row formats, and several key columns still fit InnoDB's 3072-byte key. A longer value fails
 * its file loudly (strict mode), never truncated.
 */
export const mysqlKeyLengths = {
  string: 191,
  bytes: 255,
} as const;
