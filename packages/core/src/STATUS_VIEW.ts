/**
 * The view ferry keeps in each warehouse schema it writes: per mapping entry, the last committed file and the
 * files and rows of the last hour and day, from the ledger (for BI dashboards). Mapping validation refuses it as a
 * table name.
 */
export const STATUS_VIEW = 'ferry_table_status';
