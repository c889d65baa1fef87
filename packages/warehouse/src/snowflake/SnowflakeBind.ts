/** A value as `snowflake-sdk` binds it: text (cast by Snowflake to the column's type), a boolean, or NULL. */
export type SnowflakeBind = string | boolean | null;
