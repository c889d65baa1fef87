import type { StageLocation } from './StageLocation.js';
import type { StageOptionValue } from './StageOptionValue.js';

/** The stage commands the Snowflake stand-in implements (README §Stages), parsed. */
export type SnowflakeStageCommand =
  | {
      readonly kind: 'createStage';
      readonly name: readonly string[];
      readonly temporary: boolean;
      readonly orReplace: boolean;
      readonly ifNotExists: boolean;
    }
  | { readonly kind: 'dropStage'; readonly name: readonly string[]; readonly ifExists: boolean }
  | {
      readonly kind: 'put';
      /** The local path after `file://`. */
      readonly source: string;
      readonly location: StageLocation;
      readonly options: ReadonlyMap<string, StageOptionValue>;
    }
  | { readonly kind: 'list' | 'remove'; readonly location: StageLocation; readonly pattern: string | undefined }
  | {
      readonly kind: 'copy';
      /** The target table as DuckDB reads it: its parts double-quoted as written (unquoted parts unchanged). */
      readonly target: string;
      /** The explicit column list: unquoted names upper-cased, quoted ones unescaped. */
      readonly columns: readonly { readonly name: string; readonly quoted: boolean }[] | undefined;
      readonly location: StageLocation;
      readonly options: ReadonlyMap<string, StageOptionValue>;
    };
