/**
 * The statements that merge one table batch, in the order an adapter runs them:
 *
 * 1. `createStaging`, then the adapter loads each file's rows into it with a NULL file key and runs `stampFile`
 *    (param: the file key) once they are in;
 * 2. `dedupe` keeps the newest staged row per key (both cloud warehouses reject a MERGE whose source repeats
 *    a key), parsing JSON columns, which are staged as text (`stagedType`), into the warehouse's JSON type;
 * 3. `classify` returns `(outcome, file key, changes)` rows (see `MergeOutcome`), read before anything changes;
 * 4. `apply`, in order: tombstones (hard deletes), a separate delete when the dialect has no MERGE delete,
 *    then the guarded MERGE;
 * 5. `dropTemp` removes the temporary tables.
 *
 * Only `stampFile` binds a parameter; every other value comes from the staging table.
 */
export interface MergeSql {
  readonly createStaging: string;
  readonly stampFile: string;
  readonly dedupe: string;
  readonly classify: string;
  readonly apply: readonly string[];
  readonly dropTemp: readonly string[];
}
