/** The mapping file from issue 2, as a fresh object each call so a test can change it freely. */
export function exampleMapping(): Record<string, unknown> & { tables: Record<string, Record<string, unknown>> } {
  return {
    $schema: './mappings.schema.json',
    source: 'brand-a',
    prefix: 'dms/brand-a/',
    tenant: { column: 'brand_id', value: 'brand-a' },
    timestampColumn: 'DMS_TIMESTAMP',
    tables: {
      'shop.orders': {
        primaryKey: ['id'],
        warehouse: { schema: 'raw_brand_a', table: 'orders', deletes: 'soft' },
        speedLayer: { table: 'orders' },
        columns: {
          exclude: ['card_number'],
          mask: ['email'],
          rename: { amt: 'amount' },
          wallClock: ['created_at'],
          json: ['attributes'],
        },
        sequenceColumn: 'AR_H_CHANGE_SEQ',
      },
    },
  };
}
