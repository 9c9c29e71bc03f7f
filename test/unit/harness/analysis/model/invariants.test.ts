import { applyChange, presetPolicy } from '../../../../../simulator';
import {
  checkTransition,
  createSession,
  initialCheckerState,
  modelUniverse,
  planFromChoices,
  type Transition,
} from '../../../../../harness/analysis/model';

const universe = modelUniverse();
/** M1: registered NO-A and SUP-1, NO-B's certificates in its NO cells; NO-C a third NO; a second supplier SUP-2. */
const plan = planFromChoices({
  nos: 3,
  suppliers: 2,
  meters: [{ gas: false, area: 0, supplier: 0, noCells: 1, supplierCells: 0 }],
});

function observed(policy: string, step: Parameters<ReturnType<typeof createSession>['execute']>[0]) {
  const session = createSession(universe, plan, presetPolicy(policy));
  const start = [...session.dcc.devices()];
  const record = session.execute(step);
  return { record, checker: initialCheckerState(start) };
}

const noBInstallsNoA = {
  kind: 'krp',
  sender: 'NO-B',
  device: 'M1',
  rpr: 'NetworkOperator',
  owner: 'NO-A',
  cert: 'good',
  slots: 'both',
  signer: 'NO-B',
  counter: 1n,
  timeChecks: true,
} as const;

describe('checkTransition (the one invariant wrapper)', () => {
  it('reports nothing for the corrective repair of a misplaced meter', () => {
    const { record } = observed('corrective', noBInstallsNoA);
    expect(record.outcome).toBe('accepted (waiver no-correction-to-registered-no)');
    expect(record.violations).toEqual([]);
  });

  it('breaks INV-ATOMIC when a refused request changed the device', () => {
    const { record, checker } = observed('legacy', noBInstallsNoA);
    expect(record.transition.verdict?.outcome).toBe('rejected');
    const before = record.transition.before!;
    const forged: Transition = { ...record.transition, after: applyChange(before, { role: 3, counter: 9n }) };
    const ids = checkTransition(checker, forged).violations.map((v) => v.invariant);
    expect(ids).toContain('INV-ATOMIC');
  });

  it('breaks INV-AUTH when an accepted change carries a signature by another key', () => {
    const { record, checker } = observed('corrective', noBInstallsNoA);
    const other = observed('corrective', { ...noBInstallsNoA, signer: 'NO-A' }).record;
    expect(other.outcome).toMatch(/AUTHORITY_SIGNATURE/);
    const signed = record.transition.request!.signed!;
    const tampered = Uint8Array.from(signed.apdu);
    tampered[tampered.length - 1] = tampered.at(-1)! ^ 0xff;
    const forged: Transition = {
      ...record.transition,
      request: { ...record.transition.request!, signed: { ...signed, apdu: tampered } },
    };
    expect(checkTransition(checker, forged).violations.map((v) => v.invariant)).toContain('INV-AUTH');
  });

  it('breaks INV-ROLE when an NO command changes a supplier cell', () => {
    const { record, checker } = observed('corrective', noBInstallsNoA);
    const after = record.transition.after!;
    const supplierKa = universe.party('SUP-2').ka;
    const forged: Transition = {
      ...record.transition,
      after: applyChange(after, {
        role: 3,
        counter: 1n,
        replacements: [
          { cell: { role: 2, keyUsage: 'KA', cellUsage: 'management' }, certificate: supplierKa },
        ],
      }),
    };
    const ids = checkTransition(checker, forged).violations.map((v) => v.invariant);
    expect(ids).toContain('INV-ROLE');
    expect(ids).toContain('INV-CERT');
  });

  it('breaks INV-CONVERGE and INV-PLACE when a waived request hands the NO cells to a third party', () => {
    const { record, checker } = observed('relaxed-6151', { ...noBInstallsNoA, owner: 'NO-C' });
    expect(record.outcome).toBe('accepted (waiver srv-6.15.1)');
    const violations = checkTransition(checker, record.transition).violations;
    expect(new Set(violations.map((v) => v.invariant))).toEqual(new Set(['INV-CONVERGE', 'INV-PLACE']));
    expect(violations[0]!.detail).toContain(universe.party('NO-C').eui);
  });

  const placed = (noCells: number, dccControlled: boolean) =>
    planFromChoices({
      nos: 3,
      suppliers: 2,
      meters: [{ gas: false, area: 0, supplier: 0, noCells, supplierCells: 0, dccControlled }],
    });

  it('keeps INV-PLACE when the registered NO itself hands its cells to another NO', () => {
    const session = createSession(universe, placed(0, false), presetPolicy('prevent'));
    const checker = initialCheckerState([...session.dcc.devices()]);
    const record = session.execute({ ...noBInstallsNoA, sender: 'NO-A', signer: 'NO-A', owner: 'NO-C' });
    expect(record.outcome).toBe('accepted');
    expect(checkTransition(checker, record.transition).violations).toEqual([]);
  });

  it.each([
    ['legacy', 'accepted', ['INV-PLACE']],
    ['prevent', 'rejected E4 GATE_PLACEMENT_NOT_REGISTERED_NO', []],
  ])(
    "a supplier's 6.21 placing NO-B's certificates on a DCC-controlled meter under %s",
    (policy, outcome, ids) => {
      const session = createSession(universe, placed(0, true), presetPolicy(policy));
      const checker = initialCheckerState([...session.dcc.devices()]);
      const record = session.execute({
        kind: 'handover',
        sender: 'SUP-1',
        device: 'M1',
        owner: 'NO-B',
        counter: 1n,
        rpr: 'NetworkOperator',
      });
      expect(record.outcome).toBe(outcome);
      expect(checkTransition(checker, record.transition).violations.map((v) => v.invariant)).toEqual(ids);
    },
  );

  it('breaks INV-SCOPE when a non-registered supplier disables supply through a waiver', () => {
    const misplacedSupplier = planFromChoices({
      nos: 2,
      suppliers: 2,
      meters: [{ gas: false, area: 0, supplier: 0, noCells: 0, supplierCells: 1 }],
    });
    const session = createSession(universe, misplacedSupplier, presetPolicy('relaxed'));
    const record = session.execute({
      kind: 'supply',
      srv: '7.2',
      sender: 'SUP-2',
      device: 'M1',
      signer: 'SUP-2',
      counter: 1n,
    });
    expect(record.outcome).toBe('accepted (waiver critical-commands)');
    expect(record.violations.map((v) => v.invariant)).toEqual(['INV-SCOPE']);
  });

  it('breaks LIVE-CONTROL when the wrong NO installs the registered NO with the highest floor', () => {
    const { record } = observed('relaxed-6151', { ...noBInstallsNoA, floor: 0xffffffffffffffffn });
    expect(record.violations.map((v) => v.invariant)).toEqual(['LIVE-CONTROL']);
  });

  it('breaks INV-REPLAY when a counter is accepted twice in one owner epoch', () => {
    const session = createSession(universe, plan, presetPolicy('legacy'));
    const first = session.execute({
      kind: 'supply',
      srv: '7.2',
      sender: 'SUP-1',
      device: 'M1',
      signer: 'SUP-1',
      counter: 5n,
    });
    expect(first.violations).toEqual([]);
    const second = session.execute({
      kind: 'supply',
      srv: '7.1',
      sender: 'SUP-1',
      device: 'M1',
      signer: 'SUP-1',
      counter: 6n,
    });
    const state = initialCheckerState([first.transition.before!]);
    const afterFirst = checkTransition(state, first.transition).state;
    const replayed: Transition = {
      ...second.transition,
      request: {
        ...second.transition.request!,
        signed: { ...second.transition.request!.signed!, counter: 5n },
      },
    };
    expect(checkTransition(afterFirst, replayed).violations.map((v) => v.invariant)).toContain('INV-REPLAY');
  });
});
