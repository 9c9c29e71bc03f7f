import { presetPolicy } from '../../../../simulator';
/** The in-process reference adapter refuses bad events and request times with a coded error and changes nothing. */
import { parseEui } from '../../../../certs';
import { createInProcessDut, DutInputError } from '../../../../harness/dut';
import { referenceWorldSpec, registeredParty, snapshotDevice } from '../../../../simulator';
import { party, pki } from '../../../support/reference-dcc';

const M1 = '00-DB-12-34-56-78-90-01';
const MPAN = '1200000000011';

async function provisioned() {
  const dut = createInProcessDut({ acbSigner: party('ACB').ds.signer });
  await dut.provision({ world: referenceWorldSpec(pki()), policy: presetPolicy('legacy') });
  const state = () => {
    const w = dut.dcc().world();
    return JSON.stringify({
      device: snapshotDevice(dut.dcc().device(parseEui(M1))!),
      no: registeredParty(w.registrations, MPAN, 'networkOperator', new Date('2030-01-01T00:00:00Z')),
      revoked: [...w.revoked],
    });
  };
  return { dut, state };
}

describe('in-process reference adapter', () => {
  it.each([
    [
      {
        kind: 'registration',
        mpxn: MPAN,
        capacity: 'networkOperator',
        userId: '90B3D51F30030002',
        at: '2024-13-45T99:99Z',
      },
      /registration time/,
    ],
    [
      {
        kind: 'registration',
        mpxn: MPAN,
        capacity: 'networkOperator',
        userId: '90B3D51F300300FF',
        at: '2024-01-01T00:00:00Z',
      },
      /not a networkOperator party/,
    ],
    [
      {
        kind: 'registration',
        mpxn: MPAN,
        capacity: 'networkOperator',
        userId: '90B3D51F30040001',
        at: '2024-01-01T00:00:00Z',
      },
      /not a networkOperator party/,
    ],
  ] as const)(
    'refuses a bad registration event (%#) with ERR_DUT_WORLD_EVENT and changes nothing',
    async (event, message) => {
      const { dut, state } = await provisioned();
      const before = state();
      const err = await dut.apply(event).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DutInputError);
      expect(err).toMatchObject({ code: 'ERR_DUT_WORLD_EVENT', message: expect.stringMatching(message) });
      expect(state()).toBe(before);
    },
  );

  it('applies a good registration event', async () => {
    const { dut } = await provisioned();
    await dut.apply({
      kind: 'registration',
      mpxn: MPAN,
      capacity: 'networkOperator',
      userId: '90-B3-D5-1F-30-03-00-02',
      at: '2024-01-01T00:00:00Z',
    });
    expect(
      registeredParty(
        dut.dcc().world().registrations,
        MPAN,
        'networkOperator',
        new Date('2025-01-01T00:00:00Z'),
      ),
    ).toBe(party('NO-B').eui);
  });

  it('refuses a request time that is not a date-time with ERR_DUT_REQUEST_TIME', async () => {
    const { dut, state } = await provisioned();
    const before = state();
    const err = await dut.submit({ xml: '<x/>', at: '2024-99-99T00:00:00Z' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_DUT_REQUEST_TIME' });
    expect(state()).toBe(before);
    expect(dut.dcc().audit()).toHaveLength(0);
    expect((await dut.inspect(M1))?.deviceId).toBe('00DB123456789001');
  });
});
