import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DuisError } from './errors';

/** One XML element reduced to what DUIS needs: qualified name, attributes, child elements, text. */
export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  readonly text: string;
}

/** Largest DUIS document accepted, checked before any parsing. */
export const MAX_DUIS_BYTES = 1024 * 1024;
/** The DCC Service User Gateway namespace, bound to the `sr:` prefix. */
export const SUG_NAMESPACE = 'http://www.dccinterface.co.uk/ServiceUserGateway';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

type Ordered = Record<string, unknown>;

/**
 * The admission checks every DUIS document passes before a parser builds anything from it: text,
 * the size limit, no DOCTYPE (so no entity expansion), well-formed (XMLValidator). Throws DuisError.
 */
export function admitXml(xml: string): void {
  if (typeof xml !== 'string') throw new DuisError('ERR_DUIS_XML', 'input is not text');
  if (xml.length > MAX_DUIS_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_DUIS_BYTES) {
    throw new DuisError('ERR_DUIS_TOO_LARGE', `document exceeds ${MAX_DUIS_BYTES} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new DuisError('ERR_DUIS_XML', 'DOCTYPE and entity declarations are refused');
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(xml);
  } catch (cause) {
    throw new DuisError('ERR_DUIS_XML', 'XML parser refused the document', { cause });
  }
  if (valid !== true)
    throw new DuisError('ERR_DUIS_XML', `not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
}

/**
 * Parses a DUIS document into its root element: the admission checks ({@link admitXml}), then an
 * order-preserving parse (elements nested at most 32 deep).
 */
export function parseXmlRoot(xml: string): XNode {
  admitXml(xml);
  let roots: XNode[];
  try {
    roots = toNodes(parser.parse(xml) as Ordered[], 0);
  } catch (err) {
    if (err instanceof DuisError) throw err;
    throw new DuisError('ERR_DUIS_XML', 'XML parser refused the document', { cause: err });
  }
  if (roots.length !== 1)
    throw new DuisError('ERR_DUIS_XML', `expected one root element, found ${roots.length}`);
  return roots[0]!;
}

/** Deepest element nesting accepted in a DUIS document. */
export const MAX_DEPTH = 32;

function toNodes(list: Ordered[], depth: number): XNode[] {
  if (depth > MAX_DEPTH) throw new DuisError('ERR_DUIS_SCHEMA', `elements nested deeper than ${MAX_DEPTH}`);
  const out: XNode[] = [];
  for (const entry of list) {
    const name = Object.keys(entry).find((k) => k !== ':@');
    if (name === undefined || name === '#text') continue;
    const inner = (entry[name] ?? []) as Ordered[];
    const attrs = (entry[':@'] ?? {}) as Record<string, string>;
    const text = inner
      .filter((c) => '#text' in c)
      .map((c) => String(c['#text']))
      .join('');
    out.push({ name, attrs, children: toNodes(inner, depth + 1), text });
  }
  return out;
}

/** A strict in-order reader over an element's children (DUIS elements are xs:sequence). */
export class ChildReader {
  private index = 0;
  constructor(
    private readonly parent: XNode,
    private readonly prefix = 'sr:',
  ) {}

  /** The local name of the next child, or undefined at the end. */
  peek(): string | undefined {
    const next = this.parent.children[this.index];
    return next?.name.startsWith(this.prefix) ? next.name.slice(this.prefix.length) : next?.name;
  }

  /** The next child if it has local name `name`. */
  optional(name: string): XNode | undefined {
    if (this.peek() !== name) return undefined;
    this.checkPrefix();
    return this.parent.children[this.index++];
  }

  /** The next child, which must have local name `name`. */
  required(name: string): XNode {
    const node = this.optional(name);
    if (!node)
      throw new DuisError(
        'ERR_DUIS_SCHEMA',
        `${this.parent.name}: expected ${name}, found ${this.peek() ?? 'end'}`,
      );
    return node;
  }

  /** All consecutive children named `name`. */
  many(name: string): XNode[] {
    const out: XNode[] = [];
    for (let n = this.optional(name); n; n = this.optional(name)) out.push(n);
    return out;
  }

  /** Skips the next child if its qualified name is exactly `qname` (e.g. `ds:Signature`, ignored on input). */
  skip(qname: string): boolean {
    if (this.parent.children[this.index]?.name !== qname) return false;
    this.index++;
    return true;
  }

  /** Fails unless every child was consumed. */
  end(): void {
    const rest = this.parent.children[this.index];
    if (rest) throw new DuisError('ERR_DUIS_SCHEMA', `${this.parent.name}: unexpected element ${rest.name}`);
  }

  private checkPrefix(): void {
    const name = this.parent.children[this.index]!.name;
    if (!name.startsWith(this.prefix))
      throw new DuisError('ERR_DUIS_NAMESPACE', `${name} is not in the ${this.prefix} namespace`);
  }
}

/** The text of a leaf element (no child elements allowed). */
export function leafText(node: XNode): string {
  if (node.children.length > 0) throw new DuisError('ERR_DUIS_SCHEMA', `${node.name} must be a simple value`);
  return node.text;
}
