/** What the MySQL dialect learns from the server on first use (see `prepareMysqlDialect`). */
export interface MysqlSettings {
  /**
   * The binary utf8mb4 collation of text columns. A NO PAD one (`utf8mb4_0900_bin` on MySQL 8,
   * `utf8mb4_nopad_bin` on MariaDB) keeps `'a'` and `'a '` apart as keys; `utf8mb4_bin` pads.
   */
  readonly textCollation: string;
  /** Estimated bytes of inlined values per statement, below the server's `max_allowed_packet`. */
  readonly maxStatementBytes: number;
}
