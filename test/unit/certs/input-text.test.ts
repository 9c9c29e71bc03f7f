import { fileReadReason, jsonErrorText, lineColumn } from '../../../certs';

const parseError = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (err) {
    return err;
  }
  throw new Error('parsed');
};

describe('jsonErrorText', () => {
  it('names the line and column where the JSON breaks, not a character offset', () => {
    const text = '{\n  "a": 1,\n  "b": 2,\n}';
    expect(jsonErrorText(text, parseError(text))).toMatch(/^line 4, column 1: /);
    expect(jsonErrorText(text, parseError(text))).not.toContain('position');
  });

  it('points past the last character on an unexpected end', () => {
    const text = '{\n  "a": [1, 2';
    expect(jsonErrorText(text, parseError(text))).toMatch(/^line 2, column 13: /);
  });

  it('finds the place itself when V8 quotes a snippet instead of a position', () => {
    // each text breaks at the character marked by its index; the answer must point at it
    const cases: [string, number][] = [
      ['{\n  "files": [\n    "a.json",\n  ]\n}\n', 31],
      ['{"a": 1} x', 9],
      ['[1, 2,\n 3,, 4]', 10],
      ['{"a": tru}', 6],
    ];
    for (const [text, offset] of cases) {
      const { line, column } = lineColumn(text, offset);
      expect(jsonErrorText(text, parseError(text))).toMatch(new RegExp(`^line ${line}, column ${column}: `));
    }
  });

  it('keeps a message without a position as it is', () => {
    expect(jsonErrorText('', new Error('something else'))).toBe('something else');
  });
});

describe('lineColumn', () => {
  it('counts lines and columns from 1, clamping offsets to the text', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab', 99)).toEqual({ line: 1, column: 3 });
  });
});

describe('fileReadReason', () => {
  it('says "not found", "permission denied" or "is a folder" for the usual system codes', () => {
    const err = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
    expect(fileReadReason(err('ENOENT'))).toBe('not found');
    expect(fileReadReason(err('EACCES'))).toBe('permission denied');
    expect(fileReadReason(err('EISDIR'))).toBe('is a folder, not a file');
    expect(fileReadReason(err('EIO'))).toBe('EIO');
    expect(fileReadReason(new Error('odd'))).toBe('odd');
  });
});
