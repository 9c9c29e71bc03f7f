import { XMLBuilder } from 'fast-xml-parser';

/** An element to emit: `sr:`-prefixed name, optional attributes, text or children. */
export interface ENode {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: ENode[];
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

type Ordered = Record<string, unknown>;

function toOrdered(node: ENode): Ordered {
  const inner: Ordered[] =
    node.text !== undefined ? [{ '#text': node.text }] : (node.children ?? []).map(toOrdered);
  const out: Ordered = { [node.name]: inner };
  if (node.attrs) out[':@'] = node.attrs;
  return out;
}

/** Serialises a document with an XML declaration; text is entity-escaped by the builder. */
export function buildXml(root: ENode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([toOrdered(root)]).trimStart()}`;
}

/** Shorthand for a `sr:` leaf element. */
export function leaf(name: string, text: string): ENode {
  return { name: `sr:${name}`, text };
}

/** Shorthand for a `sr:` element with children. */
export function el(name: string, children: ENode[] = []): ENode {
  return { name: `sr:${name}`, children };
}
