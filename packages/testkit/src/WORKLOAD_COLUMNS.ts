/** Names of the columns the generators add around a table's data columns, and of the tenant column. */
export const WORKLOAD_COLUMNS = {
  timestamp: 'DMS_TIMESTAMP',
  sequence: 'AR_H_CHANGE_SEQ',
  tenant: 'brand_id',
} as const;
