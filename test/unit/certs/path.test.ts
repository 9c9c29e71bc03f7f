import fc from 'fast-check';
import {
  clearPathCache,
  issueCaCertificate,
  issueLeafCertificate,
  issueTestPki,
  parseEui,
  validatePath,
} from '../../../certs';
import type { CredentialPair, LeafOptions } from '../../../certs';

const pki = issueTestPki({
  seed: 'path',
  parties: [{ name: 'NO-A', eui: parseEui('90B3D51F30030001'), role: 3 }],
});
const leaf = pki.parties[0]!.ds.certificate;
const anchor = pki.ca.certificate;
const leafUnder = (issuer: CredentialPair, extra: Partial<LeafOptions> = {}): CredentialPair =>
  issueLeafCertificate({
    seed: 'path',
    label: `leaf-${issuer.certificate.subjectCn ?? ''}`,
    issuer,
    subjectEui: parseEui('90B3D51F30030009'),
    role: 3,
    keyUsage: 'DS',
    ...extra,
  });

describe('validatePath', () => {
  beforeEach(() => clearPathCache());

  it('refuses before notBefore and after notAfter, and skips time checks when at is undefined', () => {
    const short = leafUnder(pki.ca, {
      notBefore: new Date('2016-01-10T00:00:00Z'),
      notAfter: new Date('2026-01-09T23:59:59Z'),
    }).certificate;
    expect(validatePath(short, { anchor, at: new Date('2016-01-09T00:00:00Z') })).toMatchObject({
      ok: false,
      code: 'PATH_NOT_YET_VALID',
      link: 0,
    });
    expect(validatePath(short, { anchor, at: new Date('2026-06-01T00:00:00Z') })).toMatchObject({
      ok: false,
      code: 'PATH_EXPIRED',
      link: 0,
    });
    expect(validatePath(short, { anchor, at: new Date('2020-01-01T00:00:00Z') }).ok).toBe(true);
    expect(validatePath(short, { anchor }).ok).toBe(true);
  });

  it('checks the validity of the anchor too', () => {
    expect(validatePath(leaf, { anchor, at: new Date('2036-01-01T00:00:00Z') })).toMatchObject({
      ok: false,
      code: 'PATH_EXPIRED',
    });
  });

  it('refuses a revoked leaf and a revoked intermediate by certificate ID', () => {
    expect(validatePath(leaf, { anchor, revoked: new Set([leaf.certificateId]) })).toMatchObject({
      ok: false,
      code: 'PATH_REVOKED',
      link: 0,
    });
    const viaRoot = { anchor: pki.root.certificate, intermediates: [anchor] };
    expect(validatePath(leaf, { ...viaRoot, revoked: new Set([anchor.certificateId]) })).toMatchObject({
      ok: false,
      code: 'PATH_REVOKED',
      link: 1,
    });
    expect(validatePath(leaf, { anchor, revoked: new Set(['00@ZC']) }).ok).toBe(true);
  });

  it('refuses a leaf from another PKI with PATH_UNKNOWN_ISSUER', () => {
    const other = issueTestPki({
      seed: 'path-other',
      caName: 'ZX',
      parties: [{ name: 'X', eui: parseEui('90B3D51F30030001'), role: 3 }],
    });
    expect(validatePath(other.parties[0]!.ds.certificate, { anchor })).toMatchObject({
      ok: false,
      code: 'PATH_UNKNOWN_ISSUER',
      link: 0,
    });
  });

  it('refuses a leaf whose issuer name matches but whose key differs', () => {
    const impostorCa = issueCaCertificate({
      seed: 'impostor',
      label: 'ca',
      name: 'ZC',
      ou: '07',
      issuer: pki.root,
    });
    const forged = leafUnder(impostorCa, { defects: ['akiMissing'] }).certificate;
    expect(validatePath(forged, { anchor })).toMatchObject({
      ok: false,
      code: 'PATH_BAD_SIGNATURE',
      link: 0,
    });
    expect(validatePath(leafUnder(impostorCa).certificate, { anchor })).toMatchObject({
      ok: false,
      code: 'PATH_AKI_MISMATCH',
    });
  });

  it('refuses a certificate issued by a non-CA leaf', () => {
    const underLeaf = leafUnder(pki.parties[0]!.ds).certificate;
    expect(validatePath(underLeaf, { anchor, intermediates: [leaf] })).toMatchObject({
      ok: false,
      code: 'PATH_ISSUER_NOT_CA',
      link: 1,
    });
  });

  it('honours pathLen: a CA below a pathlen-0 CA may not issue', () => {
    const subCa = issueCaCertificate({ seed: 'path', label: 'sub', name: 'ZS', ou: '07', issuer: pki.ca });
    const deep = leafUnder(subCa).certificate;
    expect(validatePath(deep, { anchor, intermediates: [subCa.certificate] })).toMatchObject({
      ok: false,
      code: 'PATH_LEN_EXCEEDED',
      link: 2,
    });
    const wideCa = issueCaCertificate({
      seed: 'path',
      label: 'wide',
      name: 'ZW',
      ou: '07',
      issuer: pki.root,
      pathLen: 1,
    });
    const subOfWide = issueCaCertificate({
      seed: 'path',
      label: 'sub2',
      name: 'ZS2',
      ou: '07',
      issuer: wideCa,
    });
    expect(
      validatePath(leafUnder(subOfWide).certificate, {
        anchor: pki.root.certificate,
        intermediates: [wideCa.certificate, subOfWide.certificate],
      }).ok,
    ).toBe(true);
  });

  it('refuses chains longer than maxDepth', () => {
    expect(
      validatePath(leaf, { anchor: pki.root.certificate, intermediates: [anchor], maxDepth: 2 }),
    ).toMatchObject({ ok: false, code: 'PATH_TOO_LONG' });
  });

  it('returns the same verdict object on a warm call, and a fresh one after the inputs change', () => {
    const options = { anchor, at: new Date('2020-01-01T00:00:00Z') };
    const cold = validatePath(leaf, options);
    expect(validatePath(leaf, { anchor, at: new Date('2020-01-01T00:00:00Z') })).toBe(cold);
    // the chain's verdict does not depend on the time: another instant in its validity, the same verdict
    expect(validatePath(leaf, { anchor, at: new Date('2021-06-01T12:34:56Z') })).toBe(cold);
    expect(validatePath(leaf, { anchor: pki.root.certificate, at: options.at })).not.toBe(cold);
    expect(validatePath(leaf, { anchor, at: new Date('2099-01-01T00:00:00Z') })).toMatchObject({
      ok: false,
      code: 'PATH_EXPIRED',
    });
    clearPathCache();
    expect(validatePath(leaf, options)).not.toBe(cold);
  });

  it('keys the cache by certificate, so a certificate object with other contents is validated afresh', () => {
    const at = new Date('2020-01-01T00:00:00Z');
    expect(validatePath(leaf, { anchor, at }).ok).toBe(true);
    const expired = { ...leaf, notAfter: new Date('2019-01-01T00:00:00Z') };
    expect(validatePath(expired, { anchor, at })).toMatchObject({ ok: false, code: 'PATH_EXPIRED' });
    expect(() => validatePath(leaf, { anchor, at: new Date(Number.NaN) })).toThrow(RangeError);
  });

  it('gives every call the verdict a fresh validation gives, however the inputs change between calls', () => {
    const short = leafUnder(pki.ca, {
      notBefore: new Date('2016-01-10T00:00:00Z'),
      notAfter: new Date('2026-01-09T23:59:59Z'),
    }).certificate;
    const other = issueTestPki({ seed: 'path-other', parties: [] }).ca.certificate;
    const option = fc.record({
      // Names, not certificates, so that a counterexample prints short.
      leaf: fc.constantFrom('leaf', 'short'),
      anchor: fc.constantFrom('ca', 'root', 'other'),
      at: fc.constantFrom(undefined, '2020-01-01', '2030-01-01'),
      revoked: fc.constantFrom('none', 'empty', 'leaf', 'unrelated'),
      intermediates: fc.constantFrom('none', 'ca'),
      maxDepth: fc.constantFrom(undefined, 1),
    });
    fc.assert(
      fc.property(fc.array(option, { minLength: 1, maxLength: 40 }), (calls) => {
        const leafOf = (c: (typeof calls)[number]) => (c.leaf === 'leaf' ? leaf : short);
        const opts = (c: (typeof calls)[number]) => ({
          anchor: c.anchor === 'ca' ? anchor : c.anchor === 'root' ? pki.root.certificate : other,
          ...(c.at ? { at: new Date(`${c.at}T00:00:00Z`) } : {}),
          ...(c.revoked === 'none'
            ? {}
            : {
                revoked: new Set(
                  c.revoked === 'leaf' ? [leafOf(c).certificateId] : c.revoked === 'unrelated' ? ['00'] : [],
                ),
              }),
          // A new array each call, as a request's decoded path is.
          ...(c.intermediates === 'ca' ? { intermediates: [pki.ca.certificate] } : {}),
          ...(c.maxDepth === undefined ? {} : { maxDepth: c.maxDepth }),
        });
        // Each verdict from nothing cached, then the whole sequence with everything cached.
        const fresh = calls.map((c) => {
          clearPathCache();
          return validatePath(leafOf(c), opts(c));
        });
        clearPathCache();
        calls.forEach((c, i) => expect(validatePath(leafOf(c), opts(c))).toEqual(fresh[i]));
      }),
      { numRuns: 300 },
    );
  });
});
