/** Readable reasons for bad input files, shared by every loader: where JSON breaks, why a file cannot be read. */

import { parseTree, type ParseError } from 'jsonc-parser';

/** The 1-based line and column of a character offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * A `JSON.parse` failure as `line L, column C: reason`: V8 names a character offset
 * (`... in JSON at position 11`), which people cannot find in an editor; an unexpected end points
 * past the last character.
 */
export function jsonErrorText(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const named = /\(line (\d+) column (\d+)\)/.exec(message);
  if (named)
    return `line ${named[1]}, column ${named[2]}: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`;
  const at = /at position (\d+)/.exec(message);
  const offset = at
    ? Number(at[1])
    : /end of JSON input/.test(message)
      ? text.length
      : err instanceof SyntaxError
        ? firstSyntaxErrorOffset(text)
        : undefined;
  if (offset === undefined) return message;
  const { line, column } = lineColumn(text, offset);
  return `line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/s, '')}`;
}

/**
 * Where strict JSON first breaks, for the V8 messages that quote a snippet instead of naming a
 * position (`Unexpected token ']', ..."a",\n ]..." is not valid JSON`): jsonc-parser with comments
 * and trailing commas refused is a strict JSON scanner that reports offsets.
 */
function firstSyntaxErrorOffset(text: string): number | undefined {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  return errors[0]?.offset;
}

/** Why a file could not be read, in words: `not found`, `permission denied`, `is a folder`, else the system code. */
export function fileReadReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case undefined:
      return err instanceof Error ? err.message : String(err);
    default:
      return code;
  }
}
