import type { DmsFile } from './DmsFile.js';

/**
 * Position (DESIGN.md invariant 2): a fixed-width digit string that totally orders the changes of one row,
 * so every sink can compare it with plain `<` on text (ASCII/binary collation):
 *
 *   phase(1) | sequence(35) | file ordinal(18) | row number(12)   = 66 characters
 *
 * - phase: `0` for full-load rows, `1` for CDC rows, so full load sorts before all CDC.
 * - sequence: the mapped sequence column (`$AR_H_CHANGE_SEQ`, a 35-digit string) or zeros.
 * - file ordinal: see `DmsFile.ordinal`.
 * - row number: the row's index inside its file.
 */
export const POSITION_LENGTH = 66;

const SEQUENCE_DIGITS = 35;
const ROW_DIGITS = 12;
const ZERO_SEQUENCE = '0'.repeat(SEQUENCE_DIGITS);

/**
 * The position of row `rowNumber` of `file`. `sequence` is the raw value of the mapped sequence column,
 * or `undefined` when the table maps none.
 *
 * @example position(cdcFile, '00000000000000000000000000000000042', 7)
 */
export function position(file: DmsFile, sequence: string | undefined, rowNumber: number): string {
  const phase = file.kind === 'full-load' ? '0' : '1';
  let seq = ZERO_SEQUENCE;
  if (sequence !== undefined) {
    if (!/^\d{1,35}$/.test(sequence)) {
      throw new RangeError(`sequence value ${JSON.stringify(sequence)} is not 1–35 decimal digits`);
    }
    seq = sequence.padStart(SEQUENCE_DIGITS, '0');
  }
  return `${phase}${seq}${file.ordinal}${String(rowNumber).padStart(ROW_DIGITS, '0')}`;
}
