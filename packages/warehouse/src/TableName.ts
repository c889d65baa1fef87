/** A table or view in a warehouse namespace (schema/dataset). Both parts are validated identifiers. */
export interface TableName {
  readonly namespace: string;
  readonly name: string;
}
