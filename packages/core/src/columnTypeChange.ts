import type { ColumnType } from './ColumnType.js';
import { describeType } from './describeType.js';

/**
 * How a column's type in a new file relates to the type the target already has.
 *
 * - `same`: nothing to do.
 * - `fits`: every incoming value fits the existing column exactly (e.g. int32 into int64, decimal(10,2) into
 *   decimal(15,2), millisecond into microsecond timestamps); load as is.
 * - otherwise a reason the values do not fit, for a `SchemaChangeError`.
 *
 * @example columnTypeChange({kind:'int',bits:64,signed:true}, {kind:'int',bits:32,signed:true}) // 'fits'
 */
export function columnTypeChange(existing: ColumnType, incoming: ColumnType): 'same' | 'fits' | { reason: string } {
  if (JSON.stringify(existing) === JSON.stringify(incoming)) return 'same';
  const no = { reason: `was ${describeType(existing)}, a file now has ${describeType(incoming)}` };
  switch (incoming.kind) {
    case 'int': {
      if (existing.kind === 'int') {
        if (existing.signed === incoming.signed) return existing.bits >= incoming.bits ? 'fits' : no;
        // An unsigned value fits a signed column with more bits.
        return existing.signed && existing.bits > incoming.bits ? 'fits' : no;
      }
      if (existing.kind === 'decimal') {
        const digits =
          incoming.bits === 64 ? (incoming.signed ? 19 : 20) : incoming.bits === 32 ? 10 : incoming.bits === 16 ? 5 : 3;
        return existing.precision - existing.scale >= digits ? 'fits' : no;
      }
      return no;
    }
    case 'float':
      return existing.kind === 'float' && existing.bits >= incoming.bits ? 'fits' : no;
    case 'decimal':
      return existing.kind === 'decimal' &&
        existing.scale >= incoming.scale &&
        existing.precision - existing.scale >= incoming.precision - incoming.scale
        ? 'fits'
        : no;
    case 'timestamp':
      return existing.kind === 'timestamp' && existing.utc === incoming.utc && existing.precision >= incoming.precision
        ? 'fits'
        : no;
    case 'time':
      return existing.kind === 'time' && existing.precision >= incoming.precision ? 'fits' : no;
    default:
      return no;
  }
}
