import { DuisError } from './errors';
import { MAX_DEPTH, MAX_DUIS_BYTES, MAX_REMEMBERED_CHARS, parseDom, RECENT_DOCUMENTS } from './xml-dom';

export { MAX_DEPTH, MAX_DUIS_BYTES, MAX_REMEMBERED_CHARS, RECENT_DOCUMENTS };

/** One XML element reduced to what DUIS needs: qualified name, attributes, child elements, text. */
export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  readonly text: string;
}

/** The DCC Service User Gateway namespace, bound to the `sr:` prefix. */
export const SUG_NAMESPACE = 'http://www.dccinterface.co.uk/ServiceUserGateway';

/**
 * The admission checks every DUIS document passes before anything reads it: text, the size limit,
 * no DOCTYPE (so no entity expansion), well-formed and namespace-well-formed, nesting bounded (the
 * one parse of xml-dom.ts, whose tree is remembered for the readers that follow). Throws DuisError.
 */
export function admitXml(xml: string): void {
  parseDom(xml);
}

/**
 * Parses a DUIS document into its root element (xml-dom.ts: the admission checks, then one
 * namespace-aware parse; elements nested at most {@link MAX_DEPTH} deep). Each element's `text` is
 * its character data, each piece trimmed, comments left out.
 */
export function parseXmlRoot(xml: string): XNode {
  return parseDom(xml).root;
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
