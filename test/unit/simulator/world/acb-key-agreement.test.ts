/** A world's ACB key-agreement credentials: composed from the PKI, carried by world files, checked. */
import { buildWorld, referenceWorldSpec, worldToSpec } from '../../../../simulator';
import { party, pki } from '../../../support/reference-dcc';

const spec = () => referenceWorldSpec(pki());
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'no error';
};

describe('acbKeyAgreement in a world', () => {
  it("is the PKI ACB party's KA certificate and key, deterministically", () => {
    const a = spec();
    expect(a.acbKeyAgreement?.certificate).toBe(
      Buffer.from(party('ACB').ka.certificate.der).toString('base64'),
    );
    expect(a.acbKeyAgreement).toEqual(spec().acbKeyAgreement);
    const w = buildWorld(a).world;
    expect(w.acbKeyAgreement?.certificate.fingerprint).toBe(party('ACB').ka.certificate.fingerprint);
    expect(w.acbKeyAgreement?.key).toBeDefined();
  });

  it('survives worldToSpec -> buildWorld', () => {
    const built = buildWorld(spec());
    const again = buildWorld(worldToSpec(built.world, built.devices)).world;
    expect(again.acbKeyAgreement?.certificate.fingerprint).toBe(
      built.world.acbKeyAgreement?.certificate.fingerprint,
    );
    expect(again.acbKeyAgreement?.privateKeyPem).toBe(built.world.acbKeyAgreement?.privateKeyPem);
  });

  it('may be absent or certificate-only (then nothing is wrapped)', () => {
    const { acbKeyAgreement, ...without } = spec();
    expect(buildWorld(without).world.acbKeyAgreement).toBeUndefined();
    const certOnly = buildWorld({
      ...without,
      acbKeyAgreement: { certificate: acbKeyAgreement!.certificate },
    });
    expect(certOnly.world.acbKeyAgreement?.key).toBeUndefined();
  });

  it("refuses a DS certificate, a key that is not the certificate's, a non-key and unknown fields (ERR_WORLD_SCHEMA)", () => {
    const s = spec();
    const ka = s.acbKeyAgreement!;
    const dsCert = Buffer.from(party('ACB').ds.certificate.der).toString('base64');
    const otherKey = party('NO-A').ka.signer.exportPrivateKeyPem();
    // A generated key whose body is cut to four base64 characters: a PEM that holds no key.
    const noKey = otherKey.replace(/\n[\s\S]*\n(?=-----END)/, '\nAAAA\n');
    expect(noKey.split('\n')[1]).toBe('AAAA');
    for (const bad of [
      { certificate: dsCert, privateKey: ka.privateKey },
      { certificate: ka.certificate, privateKey: otherKey },
      {
        certificate: ka.certificate,
        privateKey: noKey,
      },
      { ...ka, extra: 1 },
    ])
      expect(codeOf(() => buildWorld({ ...s, acbKeyAgreement: bad }))).toBe('ERR_WORLD_SCHEMA');
  });
});
