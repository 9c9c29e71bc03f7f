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
 * Documents up to this many characters are remembered (the last {@link RECENT_DOCUMENTS} of them)
 * once admitted and once parsed: a server reads one request several times (the signature check,
 * the endpoint's command variant, the simulator's own parse), and the same text always gets the
 * same verdict and the same tree. Larger documents are read afresh each time, so what is kept stays
 * small (at most 4 x 64 K characters and their trees).
 */
export const MAX_REMEMBERED_CHARS = 64 * 1024;
/** How many admitted documents (and parsed trees) are remembered. @see MAX_REMEMBERED_CHARS */
export const RECENT_DOCUMENTS = 4;

const admitted = new Set<string>();
const roots = new Map<string, XNode>();

function remember<T>(map: Map<string, T> | Set<string>, xml: string, value?: T): void {
  if (xml.length > MAX_REMEMBERED_CHARS) return;
  if (map.size >= RECENT_DOCUMENTS) map.delete(map.keys().next().value as string);
  if (map instanceof Set) map.add(xml);
  else map.set(xml, value as T);
}

/**
 * The admission checks every DUIS document passes before a parser builds anything from it: text,
 * the size limit, no DOCTYPE (so no entity expansion), well-formed (XMLValidator). Throws DuisError.
 * Text admitted lately is not checked again (strings are immutable: the same text, the same verdict).
 */
export function admitXml(xml: string): void {
  if (typeof xml !== 'string') throw new DuisError('ERR_DUIS_XML', 'input is not text');
  if (admitted.has(xml)) return;
  checkAdmission(xml);
  remember(admitted, xml);
}

function checkAdmission(xml: string): void {
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
  const seen = typeof xml === 'string' ? roots.get(xml) : undefined;
  if (seen) return seen;
  admitXml(xml);
  let found: XNode[];
  try {
    found = toNodes(parser.parse(xml) as Ordered[], 0);
  } catch (err) {
    if (err instanceof DuisError) throw err;
    throw new DuisError('ERR_DUIS_XML', 'XML parser refused the document', { cause: err });
  }
  if (found.length !== 1)
    throw new DuisError('ERR_DUIS_XML', `expected one root element, found ${found.length}`);
  remember(roots, xml, found[0]);
  return found[0]!;
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
