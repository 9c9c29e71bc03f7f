import { DuisError } from '../../../../simulator/duis/errors';
import {
  admitXml,
  MAX_REMEMBERED_CHARS,
  parseXmlRoot,
  RECENT_DOCUMENTS,
} from '../../../../simulator/duis/xml-tree';

const doc = (n: number): string => `<sr:A xmlns:sr="urn:x"><sr:B>${n}</sr:B></sr:A>`;

describe('parseXmlRoot reuses the tree of text it read lately', () => {
  test('the same text (even another string object with it) gives the same tree', () => {
    const first = parseXmlRoot(doc(1));
    const again = parseXmlRoot(['<sr:A xmlns:sr="urn:x">', '<sr:B>1</sr:B></sr:A>'].join(''));
    expect(again).toBe(first);
    expect(first.children[0]!.text).toBe('1');
  });

  test('other text gives its own tree; only the last few are kept', () => {
    const first = parseXmlRoot(doc(2));
    for (let i = 0; i < RECENT_DOCUMENTS; i++) parseXmlRoot(doc(100 + i));
    const again = parseXmlRoot(doc(2));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  test('refused text is refused every time (never remembered)', () => {
    const bad = '<sr:A xmlns:sr="urn:x"><sr:B></sr:A>';
    for (let i = 0; i < 3; i++) {
      expect(() => admitXml(bad)).toThrow(DuisError);
      expect(() => parseXmlRoot(bad)).toThrow(DuisError);
    }
  });

  test('a document over the reuse size is read afresh each time', () => {
    const big = `<sr:A xmlns:sr="urn:x">${'<sr:X/>'.repeat(Math.ceil(MAX_REMEMBERED_CHARS / 7) + 1)}</sr:A>`;
    expect(big.length).toBeGreaterThan(MAX_REMEMBERED_CHARS);
    const first = parseXmlRoot(big);
    expect(parseXmlRoot(big)).not.toBe(first);
  });
});
