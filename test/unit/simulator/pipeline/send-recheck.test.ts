import { deriveNodeSigner, parseEui } from '../../../../certs';
import {
  buildWorld,
  createDcc,
  krpRequest,
  presetPolicy,
  referencePki,
  referenceWorldSpec,
} from '../../../../simulator';
import { decodeGeneralSigning, signKrp } from '../../../../simulator/gbcs';

// Send re-runs the gate and replacement checks with the data in force at Send time; Transform's
// outcome is only reused while nothing it read (world, device state, time, policy) has changed.

const AT = new Date('2024-06-01T12:00:00Z');
const M2 = parseEui('00-DB-12-34-56-78-90-02');
const pki = referencePki('send-recheck');
const nob = pki.parties.find((p) => p.name === 'NO-B')!;
const noa = pki.parties.find((p) => p.name === 'NO-A')!;
const signer = deriveNodeSigner(pki.seed, `party/${nob.eui}/${nob.role}/DS`);

function transformed(counter: bigint) {
  const built = buildWorld(referenceWorldSpec(pki));
  const dcc = createDcc({
    world: built.world,
    devices: built.devices,
    policy: presetPolicy('legacy'),
    clock: { now: () => AT },
    acbSigner: signer,
    audit: false,
  });
  const duis = krpRequest({
    sender: nob.eui,
    device: M2,
    counter,
    remotePartyRole: 'NetworkOperator',
    ds: nob.ds.certificate,
    ka: nob.ka.certificate,
    path: [pki.ca.certificate],
  });
  const t = dcc.submit({ request: duis, at: AT });
  if (t.outcome !== 'accepted' || !t.preCommand) throw new Error(JSON.stringify(t));
  const gbcsPayload = signKrp(decodeGeneralSigning(t.preCommand), signer);
  const send = { ...duis, commandVariant: 5, body: { kind: 'SignedPreCommand' as const, gbcsPayload } };
  return { dcc, send, mpxn: built.world.inventory.get(M2)!.mpxn };
}

describe('Send after Transform', () => {
  it('is accepted when nothing changed in between', () => {
    const { dcc, send } = transformed(5n);
    expect(dcc.submit({ request: send, at: AT })).toMatchObject({ outcome: 'accepted' });
  });

  it('is refused by the gate when the registration moved away from the sender in between', () => {
    const { dcc, send, mpxn } = transformed(5n);
    dcc.apply({ kind: 'registration', mpxn, capacity: 'networkOperator', userId: noa.eui, at: AT });
    expect(dcc.submit({ request: send, at: new Date(AT.getTime() + 1000) })).toMatchObject({
      outcome: 'rejected',
      code: 'GATE_NOT_REGISTERED',
    });
  });

  it('is refused when a replacement certificate is revoked in between', () => {
    const { dcc, send } = transformed(5n);
    dcc.apply({ kind: 'revoke', certificateIds: [nob.ka.certificate.certificateId] });
    expect(dcc.submit({ request: send, at: AT })).toMatchObject({
      outcome: 'rejected',
      code: 'REPLACEMENT_PATH_REVOKED',
    });
  });
});
