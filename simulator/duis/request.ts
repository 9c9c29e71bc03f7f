import { carriesSignedPreCommand } from './command-variant';
import { emitBody } from './body-emit';
import { parseBody } from './body-parse';
import { DuisError } from './errors';
import { formatRequestId, parseRequestId } from './request-id';
import { BODY_ELEMENT, SERVICE_REFERENCE, type DuisRequest, type Srv } from './types';
import { buildXml, el, leaf, type ENode } from './xml-emit';
import { ChildReader, leafText, parseXmlRoot, SUG_NAMESPACE, type XNode } from './xml-tree';

const SCHEMA_VERSION = '5.2';

/** True when `v` is a supported Service Reference Variant. */
export function isSupportedSrv(v: string): v is Srv {
  return Object.prototype.hasOwnProperty.call(SERVICE_REFERENCE, v);
}

/**
 * Parses a DUIS service request: header, the body its SRV and Command Variant call for (SignedPreCommand
 * for CV 5-7); an XML signature is accepted and ignored (XML signing is out of scope).
 * @see DUIS 3.4 (Request header), 3.8 (bodies)
 */
export function parseDuisRequest(xml: string): DuisRequest {
  const root = parseXmlRoot(xml);
  // the codec remembers the last few parsed trees (xml-dom.ts parseDom): a reader that follows
  // another over the same document (the server's route, then the simulator's step) reads it once
  const known = readRequests.get(root);
  if (known) return known;
  const request = readRequest(root);
  readRequests.set(root, request);
  return request;
}

/** What {@link parseDuisRequest} read from a tree, for as long as the tree itself is kept. */
const readRequests = new WeakMap<XNode, DuisRequest>();

function readRequest(root: XNode): DuisRequest {
  if (root.name !== 'sr:Request')
    throw new DuisError('ERR_DUIS_SCHEMA', `root element ${root.name} is not sr:Request`);
  checkNamespace(root);
  const top = new ChildReader(root);
  const header = new ChildReader(top.required('Header'));
  const bodyNode = top.required('Body');
  top.skip('ds:Signature');
  top.end();
  const requestId = parseRequestId(leafText(header.required('RequestID')));
  const cvText = leafText(header.required('CommandVariant'));
  if (!/^[1-8]$/.test(cvText))
    throw new DuisError('ERR_DUIS_COMMAND_VARIANT', `CommandVariant ${JSON.stringify(cvText.slice(0, 12))}`);
  const serviceReference = leafText(header.required('ServiceReference'));
  const srv = leafText(header.required('ServiceReferenceVariant'));
  header.end();
  if (!isSupportedSrv(srv))
    throw new DuisError(
      'ERR_DUIS_UNSUPPORTED_SRV',
      `ServiceReferenceVariant ${JSON.stringify(srv.slice(0, 16))}`,
    );
  if (serviceReference !== SERVICE_REFERENCE[srv]) {
    throw new DuisError(
      'ERR_DUIS_FIELD',
      `ServiceReference ${serviceReference} does not match variant ${srv}`,
    );
  }
  const commandVariant = Number(cvText);
  if (bodyNode.children.length !== 1)
    throw new DuisError('ERR_DUIS_SCHEMA', 'Body must hold exactly one element');
  const body = parseBody(bodyNode.children[0]!);
  const expected = carriesSignedPreCommand(commandVariant) ? 'SignedPreCommand' : BODY_ELEMENT[srv];
  if (body.kind !== expected)
    throw new DuisError(
      'ERR_DUIS_SCHEMA',
      `SRV ${srv} with CommandVariant ${commandVariant} needs ${expected}, got ${body.kind}`,
    );
  return { requestId, commandVariant, serviceReference, serviceReferenceVariant: srv, body };
}

/**
 * Emits a DUIS service request without an XML signature (signing is out of scope for this project).
 * The header's ServiceReference is always derived from the variant.
 */
export function emitDuisRequest(r: DuisRequest): string {
  return buildXml(duisRequestNode(r));
}

/** The element tree {@link emitDuisRequest} writes (xml-emit.ts), to sign without writing it first. */
export function duisRequestNode(r: DuisRequest): ENode {
  if (!Number.isInteger(r.commandVariant) || r.commandVariant < 1 || r.commandVariant > 8) {
    throw new DuisError('ERR_DUIS_COMMAND_VARIANT', `CommandVariant ${r.commandVariant}`);
  }
  if (!isSupportedSrv(r.serviceReferenceVariant))
    throw new DuisError('ERR_DUIS_UNSUPPORTED_SRV', `variant ${String(r.serviceReferenceVariant)}`);
  const expected = carriesSignedPreCommand(r.commandVariant)
    ? 'SignedPreCommand'
    : BODY_ELEMENT[r.serviceReferenceVariant];
  if (r.body.kind !== expected)
    throw new DuisError(
      'ERR_DUIS_SCHEMA',
      `SRV ${r.serviceReferenceVariant} with CommandVariant ${r.commandVariant} needs ${expected}`,
    );
  return {
    name: 'sr:Request',
    attrs: {
      'xmlns:sr': SUG_NAMESPACE,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      schemaVersion: SCHEMA_VERSION,
    },
    children: [
      el('Header', [
        leaf('RequestID', formatRequestId(r.requestId)),
        leaf('CommandVariant', String(r.commandVariant)),
        leaf('ServiceReference', SERVICE_REFERENCE[r.serviceReferenceVariant]),
        leaf('ServiceReferenceVariant', r.serviceReferenceVariant),
      ]),
      el('Body', [emitBody(r.body)]),
    ],
  };
}

/** The root must bind `sr:` to the Service User Gateway namespace. */
export function checkNamespace(root: XNode): void {
  if (root.attrs['xmlns:sr'] !== SUG_NAMESPACE)
    throw new DuisError('ERR_DUIS_NAMESPACE', `sr: is not bound to ${SUG_NAMESPACE}`);
}
