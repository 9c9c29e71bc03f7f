import { fc, test } from '@fast-check/jest';
import { freezeJson, isFrozenJson } from '../../../../harness/dut/frozen-json';
import { createInProcessDut } from '../../../../harness/dut';
import { presetPolicy, referenceWorldSpec } from '../../../../simulator';
import { party, pki } from '../../../support/reference-dcc';

describe('frozen JSON', () => {
  test.prop([fc.json().map((t) => JSON.parse(t) as unknown)])(
    'freezes every object and array inside a parsed JSON value and records it',
    (value) => {
      expect(freezeJson(value)).toBe(value);
      const walk = (v: unknown): void => {
        if (typeof v !== 'object' || v === null) return;
        expect(Object.isFrozen(v)).toBe(true);
        expect(isFrozenJson(v)).toBe(true);
        Object.values(v).forEach(walk);
      };
      walk(value);
    },
  );

  it('does not take a shallowly frozen object for a deeply frozen one', () => {
    const shallow = Object.freeze({ inner: { n: 1 } });
    expect(isFrozenJson(shallow)).toBe(false);
    expect(isFrozenJson(freezeJson({ inner: { n: 1 } }))).toBe(true);
    expect(isFrozenJson(1)).toBe(false);
    expect(isFrozenJson(null)).toBe(false);
  });
});

describe('in-process reference: worlds built once per frozen spec', () => {
  const acbSigner = () => party('ACB').ds.signer;

  it('shares the built world of one frozen spec between DUTs, and each DUT keeps its own changes', async () => {
    const spec = freezeJson(referenceWorldSpec(pki()));
    const a = createInProcessDut({ acbSigner: acbSigner() });
    const b = createInProcessDut({ acbSigner: acbSigner() });
    await a.provision({ world: spec, policy: presetPolicy('legacy') });
    await b.provision({ world: spec, policy: presetPolicy('legacy') });
    expect(a.dcc().world()).toBe(b.dcc().world());
    const before = [...b.dcc().world().revoked];
    const certificateId = a.dcc().devices().next().value!.cells.values().next().value!.certificateId;
    await a.apply({ kind: 'revoke', certificateId });
    expect([...a.dcc().world().revoked]).toContain(certificateId);
    expect([...b.dcc().world().revoked]).toEqual(before);
  });

  it('builds a spec that is not deeply frozen afresh each time', async () => {
    const spec = referenceWorldSpec(pki());
    const a = createInProcessDut({ acbSigner: acbSigner() });
    const b = createInProcessDut({ acbSigner: acbSigner() });
    await a.provision({ world: spec });
    await b.provision({ world: spec });
    expect(a.dcc().world()).not.toBe(b.dcc().world());
  });
});
