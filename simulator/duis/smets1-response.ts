import { formatEuiHyphenated, RemotePartyRole, type CredentialPair, type Eui } from '../../certs';
import { DuisError } from './errors';
import { parseRequestId, type RequestId } from './request-id';
import { executionOutcomeNode, readExecutionOutcome, type ExecutionOutcome } from './execution-outcome';
import { parseDom, textContent, type XElement } from './xml-dom';
import { emitDuisResponse } from './response';
import { SERVICE_REFERENCE, type Srv } from './types';
import { emittedDocument, type ENode } from './xml-emit';
import { SUG_NAMESPACE } from './xml-tree';
import {
  DS_NAMESPACE,
  extractElement,
  signDuisDocument,
  verifyDuisXml,
  type XmlSigTrust,
  type XmlSigVerdict,
} from './xmldsig';

/** The DCC's Response and Alert namespace (`ra:`), used inside SMETS1 responses. */
export const RA_NAMESPACE = 'http://www.dccinterface.co.uk/ResponseAndAlert';
const SCHEMA_VERSION = '5.2';
const PLACEHOLDER = '<sr:SMETS1SignedResponse-placeholder/>';

/** What the SMETS1 service provider reports for one SMETS1 device command. */
export interface Smets1Outcome {
  readonly device: Eui;
  /** The DCC user the response goes to. */
  readonly user: Eui;
  readonly counter: bigint;
  readonly srv: Srv;
  readonly success: boolean;
  /** 6.15.1: the per-cell execution outcome (ra:ExecutionOutcome); absent for a future-dated command. */
  readonly execution?: ExecutionOutcome;
}

function leaf(prefix: 'sr' | 'ra', name: string, text: string): ENode {
  return { name: `${prefix}:${name}`, text };
}

/**
 * The SMETS1SignedResponse of one outcome, as a standalone document signed by the SMETS1 service
 * provider (`s1sp`): SMETS1Response (Header in `ra:` HeaderType, Body/ResponseMessage) + ds:Signature.
 * It declares every namespace it uses, so it verifies the same inside a DUIS Response.
 */
export function emitSmets1SignedResponse(o: Smets1Outcome, s1sp: CredentialPair): string {
  // 6.15.1 has its own response element; other SRVs answer with an empty ResponsePayload
  const krp: ENode = {
    name: 'ra:SMETSData',
    children: [
      {
        name: 'ra:UpdateSecurityCredentialsKRPRsp',
        attrs: { MessageSuccess: String(o.success) },
        ...(o.execution ? { children: [executionOutcomeNode(o.execution)] } : {}),
      },
    ],
  };
  const message: ENode = { name: 'sr:ResponseMessage', ...(o.srv === '6.15.1' ? { children: [krp] } : {}) };
  const signed = signDuisDocument(
    emittedDocument({
      name: 'sr:SMETS1SignedResponse',
      attrs: {
        'xmlns:sr': SUG_NAMESPACE,
        'xmlns:ra': RA_NAMESPACE,
        'xmlns:ds': DS_NAMESPACE,
        schemaVersion: SCHEMA_VERSION,
      },
      children: [
        {
          name: 'sr:SMETS1Response',
          children: [
            {
              name: 'sr:Header',
              children: [
                leaf('ra', 'BusinessOriginatorID', formatEuiHyphenated(o.device)),
                leaf('ra', 'BusinessTargetID', formatEuiHyphenated(o.user)),
                leaf('ra', 'OriginatorCounter', o.counter.toString(10)),
                leaf('ra', 'ServiceReference', SERVICE_REFERENCE[o.srv]),
                leaf('ra', 'ServiceReferenceVariant', o.srv),
              ],
            },
            { name: 'sr:Body', children: [message] },
          ],
        },
      ],
    }),
    s1sp,
  );
  return signed.replace(/^<\?xml[^>]*\?>/, '');
}

/** Fields of the DCC's outer Response around a SMETS1 answer. */
export interface Smets1ResponseEnvelope {
  readonly requestId: RequestId;
  readonly responseId?: RequestId;
  readonly responseCode: string;
  readonly at: Date;
  readonly srv: Srv;
  /** The signed SMETS1SignedResponse text from {@link emitSmets1SignedResponse}. */
  readonly signedResponse: string;
}

/**
 * The DUIS Response carrying a SMETS1 answer (Body/SMETS1ResponseMessage holding the S1SP-signed
 * SMETS1SignedResponse), unsigned: the DCC signs it with signDuisXml (xmldsig.ts), so it carries two signatures.
 */
export function emitSmets1DuisResponse(e: Smets1ResponseEnvelope): string {
  if (!e.signedResponse.trimStart().startsWith('<sr:SMETS1SignedResponse'))
    throw new DuisError('ERR_DUIS_SCHEMA', 'signedResponse is not an sr:SMETS1SignedResponse');
  const outer = emitDuisResponse({
    requestId: e.requestId,
    ...(e.responseId ? { responseId: e.responseId } : {}),
    responseCode: e.responseCode,
    responseDateTime: e.at,
    serviceReference: SERVICE_REFERENCE[e.srv],
    serviceReferenceVariant: e.srv,
  });
  const withBody = outer
    .replace(/<sr:ResponseMessage>/, '<sr:SMETS1ResponseMessage>')
    .replace(/<\/sr:ResponseMessage>/, `${PLACEHOLDER}</sr:SMETS1ResponseMessage>`);
  if (!withBody.includes(PLACEHOLDER)) throw new DuisError('ERR_DUIS_SCHEMA', 'no ResponseMessage to extend');
  return withBody.replace(PLACEHOLDER, e.signedResponse.trim());
}

/** Verifies the inner S1SP signature of a DUIS SMETS1 response (the outer DCC one is separate). */
export function verifySmets1Inner(xml: string, trust: XmlSigTrust, s1spEui?: Eui): XmlSigVerdict {
  const inner = extractElement(xml, 'SMETS1SignedResponse');
  if (inner === undefined)
    return { ok: false, code: 'XMLDSIG_MISSING', detail: 'no single SMETS1SignedResponse in the response' };
  return verifyDuisXml(inner, trust, {
    expected: { role: RemotePartyRole.dspXmlSign, ...(s1spEui ? { eui: s1spEui } : {}) },
    innerSignatureParents: [],
  });
}

/**
 * The RequestID and ResponseCode of any DUIS Response (including the SMETS1 form, which
 * {@link parseDuisResponse} does not read); throws DuisError when they are missing or malformed.
 */
export function readResponseHeader(xml: string): { requestId: RequestId; responseCode: string } {
  const root = parseDom(xml).root;
  if (root.local !== 'Response' || root.uri !== SUG_NAMESPACE)
    throw new DuisError('ERR_DUIS_SCHEMA', 'not an sr:Response');
  const header = root.children.find((e) => e.local === 'Header');
  const field = (name: string): string => {
    const e = header?.children.find((c) => c.local === name);
    return e ? textContent(e) : '';
  };
  const responseCode = field('ResponseCode').trim();
  if (!/^(I|E|W)[0-9]{1,8}$/.test(responseCode))
    throw new DuisError('ERR_DUIS_FIELD', `ResponseCode ${JSON.stringify(responseCode.slice(0, 12))}`);
  return { requestId: parseRequestId(field('RequestID')), responseCode };
}

/** Depth-first search for the first element named `localName` under `node`. */
function findElement(node: XElement, localName: string): XElement | undefined {
  for (const c of node.children) {
    if (c.local === localName) return c;
    const inner = findElement(c, localName);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The ra:ExecutionOutcome of a DUIS SMETS1 6.15.1 answer (inside SMETS1SignedResponse), or undefined
 * when it carries none; throws DuisError for malformed XML or fields.
 */
export function readSmets1ExecutionOutcome(xml: string): ExecutionOutcome | undefined {
  const rsp = findElement(parseDom(xml).root, 'UpdateSecurityCredentialsKRPRsp');
  const node = rsp?.children.find((c) => c.local === 'ExecutionOutcome');
  return node ? readExecutionOutcome(node) : undefined;
}
