import type { SnowflakeCommandToken } from './SnowflakeCommandToken.js';
import type { SnowflakeStageCommand } from './SnowflakeStageCommand.js';
import { SnowflakeStatementError } from './SnowflakeStatementError.js';
import type { StageLocation } from './StageLocation.js';
import type { StageOptionValue } from './StageOptionValue.js';
import { tokenizeSnowflakeCommand } from './tokenizeSnowflakeCommand.js';
import { unsupportedSnowflakeFeature } from './unsupportedSnowflakeFeature.js';

const STAGE_DDL = /^\s*(CREATE\s+(OR\s+REPLACE\s+)?((TEMP|TEMPORARY|VOLATILE)\s+)?STAGE|DROP\s+STAGE)\b/i;
const STAGE_VERBS = /^\s*(PUT|COPY|LIST|LS|REMOVE|RM)\b/i;

function syntaxError(message: string): SnowflakeStatementError {
  return new SnowflakeStatementError('001003', '42000', `SQL compilation error:\nsyntax error: ${message}`);
}

/** A cursor over the tokens, with the few reads the commands need. */
class Tokens {
  private at = 0;
  constructor(private readonly tokens: readonly SnowflakeCommandToken[]) {}

  peek(offset = 0): SnowflakeCommandToken | undefined {
    return this.tokens[this.at + offset];
  }
  next(): SnowflakeCommandToken {
    const token = this.tokens[this.at];
    if (token === undefined) throw syntaxError('unexpected end of statement');
    this.at += 1;
    return token;
  }
  done(): boolean {
    return this.at >= this.tokens.length;
  }
  isWord(...words: string[]): boolean {
    const t = this.peek();
    return t?.kind === 'word' && words.includes(t.value);
  }
  acceptWord(...words: string[]): boolean {
    if (!this.isWord(...words)) return false;
    this.at += 1;
    return true;
  }
  expectWord(...words: string[]): void {
    if (!this.acceptWord(...words)) throw syntaxError(`expected ${words.join(' or ')}, got ${describe(this.peek())}`);
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.value === p;
  }
  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.at += 1;
    return true;
  }
  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw syntaxError(`expected '${p}', got ${describe(this.peek())}`);
  }
}

function describe(token: SnowflakeCommandToken | undefined): string {
  return token === undefined ? 'end of statement' : `'${token.value}'`;
}

/** `a.b."c"` → its parts with quoting kept apart. */
function objectName(t: Tokens): { value: string; quoted: boolean }[] {
  const parts: { value: string; quoted: boolean }[] = [];
  do {
    const token = t.next();
    if (token.kind !== 'word' && token.kind !== 'quoted') throw syntaxError(`expected a name, got '${token.value}'`);
    parts.push({ value: token.value, quoted: token.kind === 'quoted' });
  } while (t.acceptPunct('.'));
  if (parts.length > 3) throw syntaxError(`${parts.map((p) => p.value).join('.')} has more than three parts`);
  return parts;
}

/** `@name/path`, `@"a"."b"/path`, `@~/path` → the stage and the path. Table stages (`@%t`) are not implemented. */
function stageLocation(token: SnowflakeCommandToken): StageLocation {
  const text = `@${token.value}`;
  const raw = token.value;
  if (raw.startsWith('~')) {
    if (raw.length > 1 && raw[1] !== '/') throw syntaxError(`bad user stage reference ${text}`);
    return { stage: { kind: 'user' }, path: raw.slice(2), text };
  }
  if (raw.startsWith('%')) throw unsupportedSnowflakeFeature('table stage');
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    if (raw[i] === '"') {
      let j = i + 1;
      let name = '';
      while (j < raw.length && !(raw[j] === '"' && raw[j + 1] !== '"')) {
        name += raw[j];
        j += raw[j] === '"' ? 2 : 1;
      }
      if (j >= raw.length) throw syntaxError(`unterminated name in ${text}`);
      parts.push(name);
      i = j + 1;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(raw.slice(i));
      if (match === null) throw syntaxError(`bad stage name in ${text}`);
      parts.push(match[0].toUpperCase());
      i += match[0].length;
    }
    if (raw[i] !== '.') break;
    i += 1;
  }
  if (i < raw.length && raw[i] !== '/') throw syntaxError(`bad stage reference ${text}`);
  if (parts.length > 3) throw syntaxError(`${text} has more than three name parts`);
  return { stage: { kind: 'named', parts }, path: raw.slice(i + 1), text };
}

function optionValue(t: Tokens): StageOptionValue {
  const token = t.next();
  if (token.kind === 'string') return { kind: 'string', value: token.value };
  if (token.kind === 'word') return { kind: 'word', value: token.value };
  if (token.kind === 'punct' && token.value === '(') {
    // `( K = v … )` is a nested option list; anything else is a list of values.
    const nested = t.peek()?.kind === 'word' && t.peek(1)?.kind === 'punct' && t.peek(1)?.value === '=';
    if (nested) {
      const options = optionList(t, ')');
      t.expectPunct(')');
      return { kind: 'options', options };
    }
    const items: StageOptionValue[] = [];
    while (!t.acceptPunct(')')) {
      items.push(optionValue(t));
      if (!t.isPunct(')')) t.expectPunct(',');
    }
    return { kind: 'list', items };
  }
  throw syntaxError(`unexpected '${token.value}' as an option value`);
}

/** `K = v` pairs (commas between them allowed) up to `end` (a punctuation) or the statement's end. */
function optionList(t: Tokens, end?: string): Map<string, StageOptionValue> {
  const options = new Map<string, StageOptionValue>();
  while (!t.done() && !(end !== undefined && t.isPunct(end))) {
    const key = t.next();
    if (key.kind !== 'word') throw syntaxError(`expected an option name, got '${key.value}'`);
    t.expectPunct('=');
    options.set(key.value, optionValue(t));
    t.acceptPunct(',');
  }
  return options;
}

function stageToken(t: Tokens): SnowflakeCommandToken {
  const token = t.next();
  if (token.kind !== 'stage') throw syntaxError(`expected a stage (@name), got '${token.value}'`);
  return token;
}

function pattern(t: Tokens): string | undefined {
  const options = optionList(t);
  for (const key of options.keys()) if (key !== 'PATTERN') throw unsupportedSnowflakeFeature(`option ${key}`);
  const value = options.get('PATTERN');
  if (value !== undefined && value.kind !== 'string') throw syntaxError('PATTERN takes a string');
  return value?.value;
}

/**
 * The stage command `sql` is, or `undefined` when it is none (the statement then runs as SQL). Throws a
 * `SnowflakeStatementError` for a malformed command, or one with Snowflake's "Unsupported feature" code for a
 * form the stand-in does not implement (external stages, table stages, COPY transformations, unloads).
 */
export function parseSnowflakeStageCommand(sql: string): SnowflakeStageCommand | undefined {
  if (!STAGE_DDL.test(sql) && !STAGE_VERBS.test(sql)) return undefined;
  let tokens: SnowflakeCommandToken[];
  try {
    tokens = tokenizeSnowflakeCommand(sql);
  } catch (error) {
    throw syntaxError(error instanceof Error ? error.message : String(error));
  }
  const t = new Tokens(tokens);
  const verb = t.next().value;
  switch (verb) {
    case 'CREATE': {
      const orReplace = t.acceptWord('OR');
      if (orReplace) t.expectWord('REPLACE');
      const temporary = t.acceptWord('TEMP', 'TEMPORARY', 'VOLATILE');
      t.expectWord('STAGE');
      const ifNotExists = t.acceptWord('IF');
      if (ifNotExists) {
        t.expectWord('NOT');
        t.expectWord('EXISTS');
      }
      const name = objectName(t).map((p) => p.value);
      const options = optionList(t);
      for (const key of options.keys())
        if (key !== 'COMMENT') throw unsupportedSnowflakeFeature(`CREATE STAGE … ${key}`);
      return { kind: 'createStage', name, temporary, orReplace, ifNotExists };
    }
    case 'DROP': {
      t.expectWord('STAGE');
      const ifExists = t.acceptWord('IF');
      if (ifExists) t.expectWord('EXISTS');
      const name = objectName(t).map((p) => p.value);
      if (!t.done()) throw syntaxError(`unexpected ${describe(t.peek())}`);
      return { kind: 'dropStage', name, ifExists };
    }
    case 'PUT': {
      const from = t.next();
      const uri = from.kind === 'uri' || from.kind === 'string' ? from.value : '';
      if (!/^file:\/\//i.test(uri)) throw syntaxError(`PUT needs a file:// source, got '${from.value}'`);
      const location = stageLocation(stageToken(t));
      return { kind: 'put', source: uri.slice('file://'.length), location, options: optionList(t) };
    }
    case 'LIST':
    case 'LS':
    case 'REMOVE':
    case 'RM': {
      const location = stageLocation(stageToken(t));
      return { kind: verb === 'LIST' || verb === 'LS' ? 'list' : 'remove', location, pattern: pattern(t) };
    }
    case 'COPY': {
      t.expectWord('INTO');
      if (t.peek()?.kind === 'stage') throw unsupportedSnowflakeFeature('COPY INTO <location> (unload)');
      const target = objectName(t)
        .map((p) => (p.quoted ? `"${p.value.replace(/"/g, '""')}"` : p.value))
        .join('.');
      let columns: { name: string; quoted: boolean }[] | undefined;
      if (t.acceptPunct('(')) {
        columns = [];
        do {
          const c = t.next();
          if (c.kind !== 'word' && c.kind !== 'quoted') throw syntaxError(`expected a column name, got '${c.value}'`);
          columns.push({ name: c.value, quoted: c.kind === 'quoted' });
        } while (t.acceptPunct(','));
        t.expectPunct(')');
      }
      t.expectWord('FROM');
      if (t.isPunct('(')) throw unsupportedSnowflakeFeature('COPY transformation (FROM (SELECT …))');
      const location = stageLocation(stageToken(t));
      return { kind: 'copy', target, columns, location, options: optionList(t) };
    }
    default:
      return undefined;
  }
}
