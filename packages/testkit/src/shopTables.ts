import type { DmsType } from './DmsType.js';
import { mysqlDmsType as t } from './mysqlDmsType.js';
import { sampler, type ValueSampler } from './sampleValues.js';

// Internal: the source schema the workload generator simulates, one MySQL `shop` database per source.

export interface SourceColumn {
  readonly name: string;
  readonly dms: DmsType;
  readonly nullable: boolean;
  readonly values: ValueSampler;
  /** The table whose primary key this column refers to (its values are that table's ids). */
  readonly ref?: string;
}

export interface SourceTable {
  /** `shop.orders`: how DMS names the folder and mappings key the table. */
  readonly name: string;
  readonly schema: string;
  readonly table: string;
  readonly primaryKey: readonly string[];
  /** Data columns in table order (key columns among them). */
  readonly columns: readonly SourceColumn[];
  /** Columns a later `ALTER TABLE … ADD COLUMN` appends (nullable, no default). */
  readonly added: readonly SourceColumn[];
  /** Share of the row changes this table gets. */
  readonly weight: number;
}

function col(name: string, dms: DmsType, flavour?: Parameters<typeof sampler>[1], nullable = true): SourceColumn {
  return { name, dms, nullable, values: sampler(dms.type, flavour) };
}

const STATUS = ['pending', 'paid', 'shipped', 'cancelled', '환불 요청'];
const GRADE = ['bronze', 'silver', 'gold', '다이아몬드 💎'];

export const shopTables: readonly SourceTable[] = [
  {
    name: 'shop.customers',
    schema: 'shop',
    table: 'customers',
    primaryKey: ['id'],
    weight: 0.25,
    columns: [
      col('id', t.bigintUnsigned, undefined, false),
      col('name', t.varchar, 'korean', false),
      col('email', t.varchar, 'email'),
      col('grade', t.enum, GRADE),
      col('is_vip', t.tinyintBoolean, 'flag'),
      col('newsletter', t.bit1),
      col('birth_date', t.date),
      col('birth_year', t.year, 'year'),
      col('balance', t.decimal(38, 4)),
      col('profile', t.json, 'json'),
      col('avatar', t.blob),
      col('created_at', t.datetime, undefined, false),
      col('updated_at', t.timestamp),
    ],
    added: [],
  },
  {
    name: 'shop.orders',
    schema: 'shop',
    table: 'orders',
    primaryKey: ['id'],
    weight: 0.4,
    columns: [
      col('id', t.bigintUnsigned, undefined, false),
      { ...col('customer_id', t.bigintUnsigned), ref: 'shop.customers' },
      col('status', t.enum, STATUS, false),
      col('total', t.decimal(38, 4)),
      col('exchange_rate', t.decimal(38, 10)),
      col('item_count', t.int),
      col('weight_kg', t.double),
      col('revision', t.bigint),
      col('priority', t.tinyint),
      col('is_gift', t.tinyintBoolean, 'flag'),
      col('express', t.bit1),
      col('ordered_at', t.datetime, undefined, false),
      col('paid_at', t.timestamp),
      col('ship_date', t.date),
      col('pickup_time', t.time, 'time'),
      col('note', t.text, 'korean'),
      col('meta', t.json, 'json'),
      col('signature', t.blob),
      col('flags', t.bits, 'bit8'),
    ],
    added: [col('coupon_code', t.varchar), col('loyalty_points', t.bigint)],
  },
  {
    name: 'shop.order_items',
    schema: 'shop',
    table: 'order_items',
    primaryKey: ['order_id', 'line_no'],
    weight: 0.35,
    columns: [
      { ...col('order_id', t.bigintUnsigned, undefined, false), ref: 'shop.orders' },
      col('line_no', t.int, undefined, false),
      col('sku', t.varchar),
      col('product_name', t.text, 'korean'),
      col('unit_price', t.decimal(38, 4)),
      col('quantity', t.smallint),
      col('discount_rate', t.decimal(38, 10)),
      col('tax', t.decimal(15, 2)),
      col('options', t.json, 'json'),
    ],
    added: [],
  },
];
