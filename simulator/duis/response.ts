import { DuisError } from './errors';
import { checkNamespace } from './request';
import { formatRequestId, parseRequestId } from './request-id';
import type { DuisResponse, DuisResponseBody } from './types';
import { formatBase64, formatDateTime, parseBase64, parseDateTime } from './values';
import { buildXml, el, leaf, type ENode } from './xml-emit';
import { ChildReader, leafText, parseXmlRoot, SUG_NAMESPACE } from './xml-tree';

const SCHEMA_VERSION = '5.2';
const RESPONSE_CODE = /^(I|E|W)[0-9]{1,8}$/;

/**
 * Emits a DUIS response: header (RequestID, ResponseID?, ResponseCode, ResponseDateTime) and the
 * Body/ResponseMessage (ServiceReference, ServiceReferenceVariant, optional payload); no XML
 * signature. The DUIS schema requires the Body and both service references: a response without them
 * is a DuisError ERR_DUIS_SCHEMA, never a schema-invalid document.
 * @see DUIS 3.4.2 (Response header), 3.5 (Response codes)
 */
export function emitDuisResponse(r: DuisResponse): string {
  return buildXml(duisResponseNode(r));
}

/** The element tree {@link emitDuisResponse} writes (xml-emit.ts), to sign without writing it first. */
export function duisResponseNode(r: DuisResponse): ENode {
  if (!RESPONSE_CODE.test(r.responseCode))
    throw new DuisError('ERR_DUIS_FIELD', `ResponseCode ${r.responseCode}`);
  if (r.serviceReference === undefined || r.serviceReferenceVariant === undefined)
    throw new DuisError(
      'ERR_DUIS_SCHEMA',
      'a DUIS Response needs Body/ResponseMessage with ServiceReference and ServiceReferenceVariant',
    );
  const header: ENode[] = [leaf('RequestID', formatRequestId(r.requestId))];
  if (r.responseId) header.push(leaf('ResponseID', formatRequestId(r.responseId)));
  header.push(
    leaf('ResponseCode', r.responseCode),
    leaf('ResponseDateTime', formatDateTime(r.responseDateTime, 'ResponseDateTime')),
  );
  const children: ENode[] = [el('Header', header)];
  const message: ENode[] = [
    leaf('ServiceReference', r.serviceReference),
    leaf('ServiceReferenceVariant', r.serviceReferenceVariant),
  ];
  if (r.body?.kind === 'PreCommand') {
    // DUIS schema order: GBCSVersion, then GBCSPayload
    const pre: ENode[] = [];
    if (r.body.gbcsVersion !== undefined) pre.push(leaf('GBCSVersion', r.body.gbcsVersion));
    pre.push(leaf('GBCSPayload', formatBase64(r.body.gbcsPayload)));
    message.push(el('PreCommand', pre));
  } else if (r.body) {
    // A device's GBCS response: ResponseMessage/GBCSPayload (xs:base64Binary)
    message.push(leaf('GBCSPayload', formatBase64(r.body.gbcsPayload)));
  }
  children.push(el('Body', [el('ResponseMessage', message)]));
  return {
    name: 'sr:Response',
    attrs: {
      'xmlns:sr': SUG_NAMESPACE,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      schemaVersion: SCHEMA_VERSION,
    },
    children,
  };
}

/** Parses a DUIS response emitted by {@link emitDuisResponse} or a DCC-style ResponseMessage with a Pre-Command/GBCS payload. */
export function parseDuisResponse(xml: string): DuisResponse {
  const root = parseXmlRoot(xml);
  if (root.name !== 'sr:Response')
    throw new DuisError('ERR_DUIS_SCHEMA', `root element ${root.name} is not sr:Response`);
  checkNamespace(root);
  const top = new ChildReader(root);
  const h = new ChildReader(top.required('Header'));
  const bodyNode = top.optional('Body');
  top.skip('ds:Signature');
  top.end();
  const requestId = parseRequestId(leafText(h.required('RequestID')));
  const responseIdNode = h.optional('ResponseID');
  const responseCode = leafText(h.required('ResponseCode'));
  if (!RESPONSE_CODE.test(responseCode))
    throw new DuisError('ERR_DUIS_FIELD', `ResponseCode ${JSON.stringify(responseCode.slice(0, 12))}`);
  const responseDateTime = parseDateTime(leafText(h.required('ResponseDateTime')), 'ResponseDateTime');
  h.end();
  const out: DuisResponse = { requestId, responseCode, responseDateTime };
  if (responseIdNode) out.responseId = parseRequestId(leafText(responseIdNode));
  if (bodyNode) {
    const b = new ChildReader(bodyNode);
    const m = new ChildReader(b.required('ResponseMessage'));
    b.end();
    const sr = m.optional('ServiceReference');
    const srv = m.optional('ServiceReferenceVariant');
    if (sr) out.serviceReference = leafText(sr);
    if (srv) out.serviceReferenceVariant = leafText(srv);
    const body = parseMessagePayload(m);
    if (body) out.body = body;
    m.end();
  }
  return out;
}

function parseMessagePayload(m: ChildReader): DuisResponseBody | undefined {
  const pre = m.optional('PreCommand');
  if (pre) {
    const p = new ChildReader(pre);
    const versionFirst = p.optional('GBCSVersion');
    const body: DuisResponseBody = {
      kind: 'PreCommand',
      gbcsPayload: parseBase64(leafText(p.required('GBCSPayload')), 'GBCSPayload'),
    };
    // the schema order is GBCSVersion first; the payload-first order older emitters wrote is still read
    const version = versionFirst ?? p.optional('GBCSVersion');
    if (version) body.gbcsVersion = leafText(version);
    p.end();
    return body;
  }
  const payload = m.optional('GBCSPayload');
  return payload
    ? { kind: 'GBCSPayload', gbcsPayload: parseBase64(leafText(payload), 'GBCSPayload') }
    : undefined;
}
