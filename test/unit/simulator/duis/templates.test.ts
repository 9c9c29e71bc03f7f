import { parseDuis } from '@smartdcc/duis-parser';
import { decodeCertificate } from '../../../../certs';
import { emitDuisRequest, parseDuisRequest, type DuisRequest } from '../../../../simulator/duis';
import { loadTemplate } from '../../../support/dcc-material';

/** What each template must parse to, written from reading the template files. */
interface Expected {
  originator: string;
  target: string;
  counter: bigint;
  cv: number;
  srv: string;
  kind: string;
  role?: string;
  floor?: bigint;
  topUpFloor?: bigint;
  certs?: string;
  path?: number;
  cpv?: boolean;
  execution?: string;
  roles?: string[];
}

const SUP = '90B3D51F30010000';
const NO = '90B3D51F30020000';
const ESME = '00DB1234567890A0';
const KRP = 'UpdateSecurityCredentialsKRP';
const HANDOVER = 'RequestHandoverOfDCCControlledDevice';

const TABLE: [string, Expected][] = [
  [
    'CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: NO,
      target: ESME,
      counter: 1200n,
      cv: 4,
      srv: '6.15.1',
      kind: KRP,
      role: 'NetworkOperator',
      floor: 0n,
      certs: 'ds,ka',
      path: 1,
      cpv: true,
    },
  ],
  [
    'CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1000n,
      cv: 4,
      srv: '6.15.1',
      kind: KRP,
      role: 'Supplier',
      floor: 0n,
      topUpFloor: 0n,
      certs: 'ds,ka,kaTopUp',
      path: 1,
      cpv: false,
    },
  ],
  [
    'CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1001n,
      cv: 4,
      srv: '6.15.1',
      kind: KRP,
      role: 'Supplier',
      floor: 0n,
      topUpFloor: 0n,
      certs: 'ds,ka,kaTopUp',
      path: 1,
      cpv: true,
      execution: '2030-01-15T00:00:00.000Z',
    },
  ],
  [
    'CS02bSupplierBySupplier_6.15.1_CANCELLATION_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1002n,
      cv: 4,
      srv: '6.15.1',
      kind: KRP,
      role: 'Supplier',
      floor: 0n,
      topUpFloor: 0n,
      certs: 'ds,ka,kaTopUp',
      path: 1,
      cpv: true,
      execution: '3000-12-31T00:00:00.000Z',
    },
  ],
  [
    'CS02gLoadControllerBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1000n,
      cv: 4,
      srv: '6.15.1',
      kind: KRP,
      role: 'LoadController',
      floor: 0n,
      certs: 'ds,ka',
      path: 1,
      cpv: true,
    },
  ],
  [
    'CS02gLoadControllerBySupplier_6.15.1_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1001n,
      cv: 4,
      srv: '6.15.1',
      kind: KRP,
      role: 'LoadController',
      floor: 0n,
      certs: 'ds,ka',
      path: 1,
      cpv: true,
      execution: '2030-01-15T00:00:00.000Z',
    },
  ],
  [
    'CS02gLoadControllerBySupplier_6.15.1_CANCELLATION_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1002n,
      cv: 4,
      srv: '6.15.1',
      kind: KRP,
      role: 'LoadController',
      floor: 0n,
      certs: 'ds,ka',
      path: 1,
      cpv: true,
      execution: '3000-12-31T00:00:00.000Z',
    },
  ],
  [
    'CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1000n,
      cv: 4,
      srv: '6.15.2',
      kind: 'UpdateSecurityCredentialsDevice',
    },
  ],
  [
    'CS02bNOByNOHandover_6.21_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: '00DB1234567890A3',
      counter: 1001n,
      cv: 1,
      srv: '6.21',
      kind: HANDOVER,
      role: 'NetworkOperator',
      floor: 0n,
      certs: 'ds,ka',
      path: 1,
      cpv: true,
    },
  ],
  [
    'CS02bSupplierBySupplierHandover_6.21_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: '00DB1234567890A3',
      counter: 1000n,
      cv: 1,
      srv: '6.21',
      kind: HANDOVER,
      role: 'Supplier',
      floor: 0n,
      topUpFloor: 0n,
      certs: 'ds,ka,kaTopUp',
      path: 1,
      cpv: true,
    },
  ],
  [
    'CS02aMAC_6.24.1_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: SUP,
      target: ESME,
      counter: 1000n,
      cv: 1,
      srv: '6.24.1',
      kind: 'RetrieveDeviceSecurityCredentialsKRP',
      roles: ['Supplier', 'NetworkOperator'],
    },
  ],
  [
    'CS02fMAC_6.24.1_SUCCESS_REQUEST_DUIS.XML',
    {
      originator: '90B3D51F30000002',
      target: ESME,
      counter: 1302n,
      cv: 1,
      srv: '6.24.1',
      kind: 'RetrieveDeviceSecurityCredentialsKRP',
      roles: ['Supplier', 'LoadController'],
    },
  ],
  [
    'ECS42_7.1_SUCCESS_REQUEST_DUIS.XML',
    { originator: SUP, target: ESME, counter: 1000n, cv: 4, srv: '7.1', kind: 'EnableSupply' },
  ],
  [
    'ECS42_7.1_REQUEST_DUIS.XML',
    { originator: SUP, target: ESME, counter: 1000n, cv: 7, srv: '7.1', kind: 'SignedPreCommand' },
  ],
  [
    'ECS43_7.2_SUCCESS_REQUEST_DUIS.XML',
    { originator: SUP, target: ESME, counter: 1000n, cv: 4, srv: '7.2', kind: 'DisableSupply' },
  ],
  [
    'GCS32_7.2_SUCCESS_REQUEST_DUIS.XML',
    { originator: SUP, target: '00DB1234567890A1', counter: 1000n, cv: 4, srv: '7.2', kind: 'DisableSupply' },
  ],
];

type AnyBody = Record<string, unknown> & {
  replacements?: Record<string, Uint8Array>;
  certificationPath?: Uint8Array[];
};

describe('DUIS templates (6.15.1, 6.15.2, 6.21, 6.24.1, 7.1, 7.2)', () => {
  it.each(TABLE)('%s parses to the expected typed value', (file, e) => {
    const r = parseDuisRequest(loadTemplate(file));
    expect(r.requestId).toEqual({ originator: e.originator, target: e.target, counter: e.counter });
    expect(r.commandVariant).toBe(e.cv);
    expect(r.serviceReferenceVariant).toBe(e.srv);
    expect(r.body.kind).toBe(e.kind);
    const b = r.body as unknown as AnyBody;
    if (e.role) expect(b.remotePartyRole).toBe(e.role);
    expect(b.floorSeqNumber).toBe(e.floor);
    expect(b.prepaymentTopUpFloorSeqNumber).toBe(e.topUpFloor);
    if (e.certs) expect(Object.keys(b.replacements!).join(',')).toBe(e.certs);
    if (e.path) expect(b.certificationPath).toHaveLength(e.path);
    if (e.cpv !== undefined) expect(b.applyTimeBasedCpvChecks).toBe(e.cpv);
    expect((b.executionDateTime as Date | undefined)?.toISOString()).toBe(e.execution);
    if (e.roles) expect(b.remotePartyRoles).toEqual(e.roles);
  });

  it('the 6.15.1 NO template carries the Z1b NO pair and the Z1 CA', () => {
    const r = parseDuisRequest(loadTemplate(TABLE[0]![0]));
    if (r.body.kind !== 'UpdateSecurityCredentialsKRP') throw new Error('kind');
    const ds = decodeCertificate(r.body.replacements.ds!);
    const ka = decodeCertificate(r.body.replacements.ka!);
    expect([ds.eui, ds.role, ds.keyUsage, ka.eui, ka.keyUsage]).toEqual([NO, 3, 'DS', NO, 'KA']);
    expect(decodeCertificate(r.body.certificationPath[0]!).subjectCn).toBe('Z1');
  });

  it('the 7.1 CV 7 template carries a General-Signing APDU payload', () => {
    const r = parseDuisRequest(loadTemplate('ECS42_7.1_REQUEST_DUIS.XML'));
    if (r.body.kind !== 'SignedPreCommand') throw new Error('kind');
    expect(r.body.gbcsPayload[0]).toBe(0xdf);
    expect(r.body.gbcsPayload).toHaveLength(120);
  });

  it.each(TABLE)('%s: emit -> parse gives the same value', (file) => {
    const r = parseDuisRequest(loadTemplate(file));
    expect(parseDuisRequest(emitDuisRequest(r))).toEqual(r);
  });

  it.each(TABLE)('%s: @smartdcc/duis-parser reads our XML into the same header and body', (file) => {
    const r: DuisRequest = parseDuisRequest(loadTemplate(file));
    const theirs = parseDuis('simplified', emitDuisRequest(r));
    const original = parseDuis('simplified', loadTemplate(file));
    if (theirs.header.type !== 'request' || original.header.type !== 'request')
      throw new Error('not a request');
    expect(theirs.header.requestId).toEqual({
      originatorId: formatHyphen(r.requestId.originator),
      targetId: formatHyphen(r.requestId.target),
      counter: r.requestId.counter,
    });
    expect(theirs.header.commandVariant.number).toBe(r.commandVariant);
    expect(theirs.header.serviceReference).toBe(original.header.serviceReference);
    expect(theirs.header.serviceReferenceVariant['Service Reference Variant']).toBe(
      r.serviceReferenceVariant,
    );
    expect(normaliseBody(theirs.body)).toEqual(normaliseBody(original.body));
  });
});

function formatHyphen(eui: string): string {
  return eui.match(/../g)!.join('-').toLowerCase();
}

/** duis-parser keeps texts as written; compare modulo date-time spelling (`.00Z` vs `.000Z`). */
function normaliseBody(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body), (_k, v: unknown) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v).toISOString() : v,
  ) as unknown;
}
