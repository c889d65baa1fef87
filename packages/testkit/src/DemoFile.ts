/** One file of a `DemoDmsWriter` tick: an S3 object key under the landing bucket and its parquet bytes. */
export interface DemoFile {
  /** `dms/<source>/<schema>/<table>/<LOAD…|yyyyMMdd-HHmmssSSS>.parquet` */
  readonly key: string;
  readonly body: Uint8Array;
  /** Row changes in the file. */
  readonly rows: number;
  readonly source: string;
  /** `shop.orders` */
  readonly table: string;
  readonly kind: 'full-load' | 'cdc';
}
