import type { DmsType } from './DmsType.js';
import { mysqlDmsType as t } from './mysqlDmsType.js';
import { sampler } from './sampleValues.js';
import { type SourceColumn, type SourceTable, shopTables } from './shopTables.js';

function col(name: string, dms: DmsType, flavour?: Parameters<typeof sampler>[1]): SourceColumn {
  return { name, dms, nullable: true, values: sampler(dms.type, flavour) };
}

/**
 * Columns the demo writer's DDL may add beyond `shopTables`' own, per table. Finite on purpose: an
 * endless stream must not widen its tables (and its oracle) forever. No DATETIME among them, so the
 * mappings (which list wall-clock columns) stay the ones `generateWorkload` writes.
 */
const EXTRA: Readonly<Record<string, readonly SourceColumn[]>> = {
  'shop.customers': [col('referral_code', t.varchar), col('points', t.decimal(38, 4))],
  'shop.orders': [col('gift_message', t.text, 'korean')],
  'shop.order_items': [col('gift_wrap', t.tinyintBoolean, 'flag'), col('returned_at', t.timestamp)],
};

/** `shopTables` with the demo's extra DDL columns appended to each table's `added` (internal). */
export const demoTables: readonly SourceTable[] = shopTables.map((table) => ({
  ...table,
  added: [...table.added, ...(EXTRA[table.name] ?? [])],
}));
