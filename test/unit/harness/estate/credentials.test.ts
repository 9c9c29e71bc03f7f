import { estateCredentials, ESTATE_NETWORK_OPERATORS, ESTATE_SUPPLIERS } from '../../../../harness/estate';
import { deriveNodeSigner, deriveSigner, spkiOf, verifyP1363 } from '../../../../certs';

describe('estateCredentials', () => {
  const creds = estateCredentials('cred-test');

  it('holds one interned DS and KA certificate per party, with its owner and role', () => {
    expect(creds.networkOperators.map((p) => p.name)).toEqual(ESTATE_NETWORK_OPERATORS.map((n) => n.name));
    expect(creds.suppliers.map((p) => p.name)).toEqual(ESTATE_SUPPLIERS);
    for (const p of creds.networkOperators) {
      expect(p.ds.eui).toBe(p.eui);
      expect(p.ds.role).toBe(3);
      expect(p.ds.keyUsage).toBe('DS');
      expect(p.ka.keyUsage).toBe('KA');
    }
    expect(new Set(creds.networkOperators.map((p) => p.eui)).size).toBe(ESTATE_NETWORK_OPERATORS.length);
  });

  it('signs with the key of each DS certificate', () => {
    const msg = Buffer.from('6.15.1 pre-command');
    for (const p of [...creds.networkOperators, creds.acb])
      expect(verifyP1363(p.ds.publicKey!, msg, p.signer.sign(msg))).toBe(true);
    expect(
      verifyP1363(creds.networkOperators[0]!.ds.publicKey!, msg, creds.networkOperators[1]!.signer.sign(msg)),
    ).toBe(false);
  });
});

describe('deriveNodeSigner', () => {
  it('has the same key as deriveSigner and randomised signatures', () => {
    const fast = deriveNodeSigner('s', 'label');
    const slow = deriveSigner('s', 'label');
    expect(Buffer.from(spkiOf(fast.publicKey)).equals(Buffer.from(spkiOf(slow.publicKey)))).toBe(true);
    const msg = Buffer.from('bytes');
    const a = fast.sign(msg);
    expect(a).toHaveLength(64);
    expect(verifyP1363(slow.publicKey, msg, a)).toBe(true);
    expect(Buffer.from(fast.sign(msg)).equals(Buffer.from(a))).toBe(false);
  });
});
