import jsonc from 'jsonc-parser';
import type { PathProblem } from './PathProblem.js';

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** What each syntax error means for someone editing the file by hand. */
const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a double-quoted key (JSON allows no comma before "}")',
  ValueExpected: 'expected a value (JSON allows no comma before "]")',
  ColonExpected: 'expected ":" after the key',
  CommaExpected: 'expected "," between entries',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'invalid character in a string (a raw line break or control character)',
};

/**
 * Problems `JSON.parse` hides: where a syntax error is (line and column, which Node 20's messages often
 * omit) and keys given twice in one object (JSON keeps only the last, silently). `parseError` is what
 * `JSON.parse` threw, if it did.
 */
export function jsonTextProblems(text: string, parseError: unknown): PathProblem[] {
  const problems: PathProblem[] = [];
  if (parseError !== undefined) {
    if (text.trim() === '') {
      return [
        { path: [], message: 'the file is empty — a mapping file holds one JSON object (see mappings.schema.json)' },
      ];
    }
    const errors: jsonc.ParseError[] = [];
    jsonc.parse(text, errors, STRICT);
    const first = errors[0];
    if (first) {
      const { line, column } = lineColumn(text, first.offset);
      const code = jsonc.printParseErrorCode(first.error);
      problems.push({
        path: [],
        message: `invalid JSON at line ${line}, column ${column}: ${SYNTAX[code] ?? code} — fix the syntax there`,
      });
    } else {
      const reason = parseError instanceof Error ? parseError.message : String(parseError);
      problems.push({ path: [], message: `invalid JSON: ${reason} — fix the syntax` });
    }
    return problems;
  }
  const keys: Set<string>[] = [];
  jsonc.visit(
    text,
    {
      onObjectBegin: () => {
        keys.push(new Set());
      },
      onObjectEnd: () => {
        keys.pop();
      },
      onObjectProperty: (name, offset, _length, _line, _column, pathSupplier) => {
        const seen = keys.at(-1)!;
        if (seen.has(name)) {
          const { line } = lineColumn(text, offset);
          problems.push({
            path: pathSupplier(),
            message: `key ${JSON.stringify(name)} appears twice (again at line ${line}); JSON keeps only the last one — merge the two entries or remove one`,
          });
        }
        seen.add(name);
      },
    },
    STRICT,
  );
  return problems;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
