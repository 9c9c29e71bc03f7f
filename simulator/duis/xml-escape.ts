// Character escaping as Canonical XML 1.0 section 2.3 (https://www.w3.org/TR/xml-c14n) writes it,
// shared by the canonicaliser (c14n.ts) and the signed-document writer (xml-dom.ts), whose output
// is the canonical form's escaping so that what is digested and what is sent agree.

/** Text content: & < > and carriage return. */
export function escapeC14nText(text: string): string {
  return /[&<>\r]/.test(text)
    ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;')
    : text;
}

/** An attribute value: & < " and tab, line feed, carriage return. */
export function escapeC14nAttr(text: string): string {
  return /[&<"\t\n\r]/.test(text)
    ? text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/"/g, '&quot;')
        .replace(/\t/g, '&#x9;')
        .replace(/\n/g, '&#xA;')
        .replace(/\r/g, '&#xD;')
    : text;
}
