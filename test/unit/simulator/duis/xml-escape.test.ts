import { escapeC14nAttr, escapeC14nText } from '../../../../simulator/duis/xml-escape';

// Canonical XML 1.0 section 2.3: text escapes & < > and CR; attribute values & < " TAB LF CR.
describe('c14n escaping', () => {
  it('escapes in text exactly & < > and carriage return', () => {
    expect(escapeC14nText('a&b<c>d\re"f\'g\th\ni')).toBe('a&amp;b&lt;c&gt;d&#xD;e"f\'g\th\ni');
  });

  it('escapes in attribute values exactly & < " and tab, line feed, carriage return', () => {
    expect(escapeC14nAttr('a&b<c>d\re"f\'g\th\ni')).toBe("a&amp;b&lt;c>d&#xD;e&quot;f'g&#x9;h&#xA;i");
  });

  it('escapes an ampersand once, before the references it writes', () => {
    expect(escapeC14nText('&lt;')).toBe('&amp;lt;');
    expect(escapeC14nAttr('&quot;')).toBe('&amp;quot;');
  });

  it('returns text without a special character unchanged', () => {
    const plain = 'MIIB0zCCAXmgAwIBAgIQ=+/ sr:Request 90-B3-D5';
    expect(escapeC14nText(plain)).toBe(plain);
    expect(escapeC14nAttr(plain)).toBe(plain);
  });
});
