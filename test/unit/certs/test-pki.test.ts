import { X509Certificate } from 'node:crypto';
import {
  KeyStore,
  checkCaProfile,
  checkOrgProfile,
  defaultPartySpecs,
  issueTestPki,
  parseEui,
  validatePath,
} from '../../../certs';
import type { CertsError, TestPki } from '../../../certs';

const parties = defaultPartySpecs({ nos: 2, suppliers: 2 });
const pki: TestPki = issueTestPki({ seed: 'unit-seed', parties });
const leaves = pki.parties.flatMap((p) => [p.ds, p.ka]);

describe('generated test PKI', () => {
  it('names parties and EUIs predictably', () => {
    expect(parties.map((p) => [p.name, p.eui, p.role])).toEqual([
      ['NO-A', '90B3D51F30030001', 3],
      ['NO-B', '90B3D51F30030002', 3],
      ['SUP-1', '90B3D51F30040001', 2],
      ['SUP-2', '90B3D51F30040002', 2],
      ['ACB', '90B3D51F30050001', 4],
    ]);
  });

  it('is byte-identical for the same seed and different for another seed', () => {
    const again = issueTestPki({ seed: 'unit-seed', parties });
    const other = issueTestPki({ seed: 'other-seed', parties });
    const ders = (p: TestPki): string[] =>
      [p.root, p.ca, ...p.parties.flatMap((x) => [x.ds, x.ka])].map((c) =>
        Buffer.from(c.certificate.der).toString('hex'),
      );
    expect(ders(again)).toEqual(ders(pki));
    expect(ders(other).some((d, i) => d === ders(pki)[i])).toBe(false);
  });

  it('issues CA certificates that pass the CA profile', () => {
    expect(checkCaProfile(pki.root.certificate)).toEqual([]);
    expect(checkCaProfile(pki.ca.certificate)).toEqual([]);
    expect([
      pki.root.certificate.subjectOu,
      pki.ca.certificate.subjectOu,
      pki.ca.certificate.pathLen,
    ]).toEqual(['00', '07', 0]);
  });

  it.each(leaves.map((l) => [l.certificate.subjectCn! + '/' + l.certificate.keyUsage!, l]))(
    '%s passes the profile and validates to CA and root',
    (_n, leaf) => {
      expect(checkOrgProfile(leaf.certificate)).toEqual([]);
      expect(
        validatePath(leaf.certificate, { anchor: pki.ca.certificate, at: new Date('2020-01-01T00:00:00Z') })
          .ok,
      ).toBe(true);
      const viaRoot = validatePath(leaf.certificate, {
        anchor: pki.root.certificate,
        intermediates: [pki.ca.certificate],
        at: new Date('2030-06-01T00:00:00Z'),
      });
      expect(viaRoot.ok && viaRoot.chain.length).toBe(3);
    },
  );

  it('issues certificates OpenSSL accepts as signed by their issuer', () => {
    const ca = new X509Certificate(Buffer.from(pki.ca.certificate.der));
    const root = new X509Certificate(Buffer.from(pki.root.certificate.der));
    expect(ca.verify(root.publicKey)).toBe(true);
    expect(new X509Certificate(Buffer.from(leaves[0]!.certificate.der)).verify(ca.publicKey)).toBe(true);
    expect(new X509Certificate(Buffer.from(leaves[0]!.certificate.der)).checkIssued(ca)).toBe(true);
  });

  it('carries the SMKI subject, serial and identifier shape', () => {
    const c = pki.party(parseEui('90B3D51F30030002'), 3).ka.certificate;
    expect([
      c.subjectOu,
      c.eui,
      c.keyUsage,
      c.issuerCn,
      c.issuerOu,
      c.serialBytes.length,
      c.ski?.length,
      c.aki,
    ]).toEqual(['03', '90B3D51F30030002', 'KA', 'ZC', '07', 16, 16, pki.ca.certificate.ski]);
    expect(c.notBefore.toISOString()).toBe('2015-01-01T00:00:00.000Z');
    expect(c.notAfter.toISOString()).toBe('2035-01-01T00:00:00.000Z');
  });

  it('refuses duplicate parties and empty seeds with ERR_PKI_OPTIONS, and absent parties with ERR_KEYSTORE_MISSING', () => {
    const p = parties[0]!;
    expect(() => issueTestPki({ seed: 's', parties: [p, p] })).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_OPTIONS' }) as CertsError,
    );
    expect(() => issueTestPki({ seed: '', parties })).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_OPTIONS' }) as CertsError,
    );
    expect(() => pki.party(parseEui('0000000000000000'))).toThrow(
      expect.objectContaining({ code: 'ERR_KEYSTORE_MISSING' }) as CertsError,
    );
  });

  it('indexes every party credential in a key store', () => {
    const store = KeyStore.fromPki(pki);
    const sup = pki.party(parseEui('90B3D51F30040001'));
    expect(store.all()).toHaveLength(leaves.length);
    expect(store.get(sup.eui, 2, 'DS')).toBe(sup.ds);
    expect(store.find(sup.eui, 3, 'DS')).toBeUndefined();
    expect(() => store.get(sup.eui, 3, 'KA')).toThrow(
      expect.objectContaining({ code: 'ERR_KEYSTORE_MISSING' }) as CertsError,
    );
  });
});
