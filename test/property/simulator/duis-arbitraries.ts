import fc from 'fast-check';
import { parseEui } from '../../../certs/eui';
import type { DuisBody, DuisRequest, DuisResponse, RequestId, Srv } from '../../../simulator/duis';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const der = fc.uint8Array({ minLength: 1, maxLength: 120 });
const role = fc.constantFrom('Supplier', 'NetworkOperator', 'LoadController', 'Root', 'WANProvider');
const when = fc.integer({ min: -62167219200000, max: 253402300799999 }).map((ms) => new Date(ms));
const certs = fc
  .record({ ds: der, ka: der, kaTopUp: der }, { requiredKeys: [] })
  .filter((c) => Object.keys(c).length > 0);
const krpFields = {
  remotePartyRole: role,
  floorSeqNumber: u64,
  prepaymentTopUpFloorSeqNumber: u64,
  replacements: certs,
  certificationPath: fc.array(der, { minLength: 1, maxLength: 3 }),
  applyTimeBasedCpvChecks: fc.boolean(),
};

/** Any RequestId. */
export const requestIdArb: fc.Arbitrary<RequestId> = fc.record({
  originator: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => parseEui(b)),
  target: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => parseEui(b)),
  counter: u64,
});

const bodyBySrv: Record<Srv, fc.Arbitrary<DuisBody>> = {
  '6.15.1': fc.record(
    { kind: fc.constant('UpdateSecurityCredentialsKRP' as const), executionDateTime: when, ...krpFields },
    {
      requiredKeys: [
        'kind',
        'remotePartyRole',
        'replacements',
        'certificationPath',
        'applyTimeBasedCpvChecks',
      ],
    },
  ),
  '6.15.2': fc.record({
    kind: fc.constant('UpdateSecurityCredentialsDevice' as const),
    deviceCertificate: der,
  }),
  '6.21': fc.record(
    { kind: fc.constant('RequestHandoverOfDCCControlledDevice' as const), ...krpFields },
    {
      requiredKeys: [
        'kind',
        'remotePartyRole',
        'replacements',
        'certificationPath',
        'applyTimeBasedCpvChecks',
      ],
    },
  ),
  '6.24.1': fc.record({
    kind: fc.constant('RetrieveDeviceSecurityCredentialsKRP' as const),
    remotePartyRoles: fc.array(role, { minLength: 1, maxLength: 4 }),
  }),
  '7.1': fc.record(
    { kind: fc.constant('EnableSupply' as const), executionDateTime: when },
    { requiredKeys: ['kind'] },
  ),
  '7.2': fc.record(
    { kind: fc.constant('DisableSupply' as const), executionDateTime: when },
    { requiredKeys: ['kind'] },
  ),
};

const REFERENCE: Record<Srv, string> = {
  '6.15.1': '6.15',
  '6.15.2': '6.15',
  '6.21': '6.21',
  '6.24.1': '6.24',
  '7.1': '7.1',
  '7.2': '7.2',
};

/** Any emittable DUIS request: the SRV's own body for CV 1-4 and 8, a SignedPreCommand for CV 5-7. */
export const duisRequestArb: fc.Arbitrary<DuisRequest> = fc
  .tuple(
    fc.constantFrom<Srv>('6.15.1', '6.15.2', '6.21', '6.24.1', '7.1', '7.2'),
    fc.integer({ min: 1, max: 8 }),
    requestIdArb,
  )
  .chain(([srv, cv, requestId]) =>
    (cv >= 5 && cv <= 7
      ? fc.record({ kind: fc.constant('SignedPreCommand' as const), gbcsPayload: der })
      : bodyBySrv[srv]
    ).map((body): DuisRequest => ({
      requestId,
      commandVariant: cv,
      serviceReference: REFERENCE[srv],
      serviceReferenceVariant: srv,
      body,
    })),
  );

/** Any emittable DUIS response. */
export const duisResponseArb: fc.Arbitrary<DuisResponse> = fc.record(
  {
    requestId: requestIdArb,
    responseId: requestIdArb,
    responseCode: fc.constantFrom('I0', 'I99', 'E4', 'E061501', 'E12'),
    responseDateTime: when,
    serviceReference: fc.constantFrom('6.15', '7.1'),
    serviceReferenceVariant: fc.constantFrom('6.15.1', '7.1'),
    body: fc.oneof(
      fc.record(
        {
          kind: fc.constant('PreCommand' as const),
          gbcsPayload: der,
          gbcsVersion: fc.constantFrom('4.0', '3.2'),
        },
        { requiredKeys: ['kind', 'gbcsPayload'] },
      ),
      fc.record({ kind: fc.constant('GBCSPayload' as const), gbcsPayload: der }),
    ),
  },
  // The DUIS schema requires Body/ResponseMessage with both service references.
  {
    requiredKeys: [
      'requestId',
      'responseCode',
      'responseDateTime',
      'serviceReference',
      'serviceReferenceVariant',
    ],
  },
);
