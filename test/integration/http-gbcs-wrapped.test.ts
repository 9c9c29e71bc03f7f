/**
 * POST /v1/requests with what the DCC delivers to a device: a CommandVariant 5 Send whose payload is
 * the signed command wrapped in General-Ciphering with the ACB's MAC. The reference unwraps it and
 * checks the MAC as the SMETS2 device does, then decides as for the bare signed command.
 */
import { formatEuiHyphenated, keyAgreementKeyFromPem, parseEui } from '../../certs';
import { createReferenceHttpServer } from '../../harness/serve';
import { deviceKeys, krpRequest, presetPolicy, signPreCommand } from '../../simulator';
import { emitDuisRequest, type DuisRequest } from '../../simulator/duis';
import { wrapGeneralCiphering } from '../../simulator/gbcs';
import { referenceCredentials, referenceParty } from '../../api/dcc';
import { referenceWorld } from '../../api/world';
import { withSmets2 } from '../support/reference-dcc';

const M1 = parseEui('00-DB-12-34-56-78-90-01');
const spec = referenceWorld();
const world = withSmets2(spec, M1);
const acbKa = keyAgreementKeyFromPem(spec.acbKeyAgreement!.privateKey!).privateKey;
const server = createReferenceHttpServer({ policy: presetPolicy('smets2'), pinned: true });
let base = '';

beforeAll(async () => {
  base = (await server.listen(0, '127.0.0.1')).url;
});
afterAll(() => server.close());

const headers = {
  'content-type': 'application/xml',
  'x-user-role': 'ED',
  'x-request-time': '2024-06-01T12:00:00Z',
};
const post = async (path: string, body: string, type = 'application/xml') =>
  fetch(`${base}${path}`, { method: 'POST', body, headers: { ...headers, 'content-type': type } });

async function send(counter: bigint, tamper: boolean): Promise<Record<string, unknown>> {
  const cv4 = krpRequest({
    sender: referenceParty('NO-B').eui,
    device: M1,
    counter,
    remotePartyRole: 'NetworkOperator',
    ds: referenceParty('NO-A').ds.certificate,
    ka: referenceParty('NO-A').ka.certificate,
    path: [referenceCredentials().ca.certificate],
    floor: 0n,
  });
  const transformed = (await (await post('/v1/requests', emitDuisRequest(cv4))).json()) as {
    preCommand: string;
  };
  const signed = signPreCommand(
    Uint8Array.from(Buffer.from(transformed.preCommand, 'hex')),
    referenceParty('NO-B').ds.signer,
  );
  const wrapped = wrapGeneralCiphering(signed, acbKa, deviceKeys(M1).ka.publicKey);
  if (tamper) wrapped[wrapped.length - 1]! ^= 1;
  const cv5: DuisRequest = {
    ...cv4,
    commandVariant: 5,
    body: { kind: 'SignedPreCommand', gbcsPayload: wrapped },
  };
  return (await (await post('/v1/requests', emitDuisRequest(cv5))).json()) as Record<string, unknown>;
}

it('refuses a wrong MAC at the device, then accepts the correctly wrapped command', async () => {
  const provision = await post('/v1/provision', JSON.stringify({ world }), 'application/json');
  expect(provision.status).toBe(204);
  expect(await send(10n, true)).toMatchObject({ outcome: 'rejected', code: 'DEVICE_MAC', stage: 'device' });
  const device = await (await fetch(`${base}/v1/devices/${formatEuiHyphenated(M1)}`)).json();
  const accepted = await send(11n, false);
  expect(accepted).toMatchObject({ outcome: 'accepted', duisCode: 'I0' });
  expect(String(accepted.response).startsWith('dd000000000000')).toBe(true);
  expect(await (await fetch(`${base}/v1/devices/${formatEuiHyphenated(M1)}`)).json()).not.toEqual(device);
});
