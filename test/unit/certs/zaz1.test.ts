import {
  checkOrgProfile,
  clearPathCache,
  inspectCertificate,
  loadDccKeystore,
  validatePath,
  verifyP1363,
} from '../../../certs';
import type { CertsError } from '../../../certs';
import { loadRealKeystore, loadZ1Ca, loadZ1bNoPair } from '../../support/dcc-material';

const entries = loadRealKeystore();
const z1 = loadZ1Ca();
const at2020 = new Date('2020-01-01T00:00:00Z');

// name -> [hyphenated EUI, role, key usage, issuer CN], read from keystore.json of @smartdcc/dccboxed-keystore 0.4.
const EXPECTED: Record<string, [string, number, 'DS' | 'KA', string]> = {
  'xml-sign-00DB123456780004-ds': ['00-DB-12-34-56-78-00-04', 135, 'DS', 'Z1'],
  'otherUser-ds': ['00-DB-12-34-56-78-00-04', 127, 'DS', 'OB'],
  'otherUser-ka': ['00-DB-12-34-56-78-00-04', 127, 'KA', 'OB'],
  'Z1-wanProvider-ds': ['90-B3-D5-1F-30-00-00-07', 6, 'DS', 'Z1'],
  'Z1b-wanProvider-ds': ['90-B3-D5-1F-30-00-00-07', 6, 'DS', 'Z1'],
  'Z1b-accessControlBroker-ds': ['90-B3-D5-1F-30-00-00-02', 4, 'DS', 'Z1'],
  'Z1-accessControlBroker-ds': ['90-B3-D5-1F-30-00-00-02', 4, 'DS', 'Z1'],
  'dsp-xml-sign-90B3D51F30000002-ds': ['90-B3-D5-1F-30-00-00-02', 137, 'DS', 'Z1'],
  'Z1b-accessControlBroker-ka': ['90-B3-D5-1F-30-00-00-02', 4, 'KA', 'Z1'],
  'Z1-accessControlBroker-ka': ['90-B3-D5-1F-30-00-00-02', 4, 'KA', 'Z1'],
  'Z1-loadController-ka': ['90-B3-D5-1F-30-01-00-08', 8, 'KA', 'Z1'],
  'Z1-loadController-ds': ['90-B3-D5-1F-30-01-00-08', 8, 'DS', 'Z1'],
  'Z1b-supplierPP-ka': ['90-B3-D5-1F-30-01-00-00', 2, 'KA', 'Z1'],
  'Z1b-supplier-ka': ['90-B3-D5-1F-30-01-00-00', 2, 'KA', 'Z1'],
  'Z1-supplier-ka': ['90-B3-D5-1F-30-01-00-00', 2, 'KA', 'Z1'],
  'Z1-supplierPP-ka': ['90-B3-D5-1F-30-01-00-00', 2, 'KA', 'Z1'],
  'xml-sign-90B3D51F30010000-ds': ['90-B3-D5-1F-30-01-00-00', 135, 'DS', 'Z1'],
  'Z1-supplier-ds': ['90-B3-D5-1F-30-01-00-00', 2, 'DS', 'Z1'],
  'Z1b-supplier-ds': ['90-B3-D5-1F-30-01-00-00', 2, 'DS', 'Z1'],
  'Z1-supplier2-ds': ['90-B3-D5-1F-30-03-00-00', 2, 'DS', 'Z1'],
  'Z1-supplier2-ka': ['90-B3-D5-1F-30-03-00-00', 2, 'KA', 'Z1'],
  'Z1-supplier2PP-ka': ['90-B3-D5-1F-30-03-00-00', 2, 'KA', 'Z1'],
  'Z1b-transitionalCoS-ds': ['90-B3-D5-1F-30-00-00-04', 5, 'DS', 'Z1'],
  'Z1-transitionalCoS-ds': ['90-B3-D5-1F-30-00-00-04', 5, 'DS', 'Z1'],
  'Z1-recovery-ds': ['90-B3-D5-1F-30-00-00-01', 1, 'DS', 'Z1'],
  'Z1b-recovery-ds': ['90-B3-D5-1F-30-00-00-01', 1, 'DS', 'Z1'],
  'mdr-ka': ['90-B3-D5-1F-30-01-00-09', 127, 'KA', 'Z99'],
  'mdr-ds': ['90-B3-D5-1F-30-01-00-09', 127, 'DS', 'Z99'],
  'Z1-networkOperator-ds': ['90-B3-D5-1F-30-02-00-00', 3, 'DS', 'Z1'],
  'xml-sign-90B3D51F30020000-ds': ['90-B3-D5-1F-30-02-00-00', 135, 'DS', 'Z1'],
  'Z1b-networkOperator-ds': ['90-B3-D5-1F-30-02-00-00', 3, 'DS', 'Z1'],
  'Z1b-networkOperator-ka': ['90-B3-D5-1F-30-02-00-00', 3, 'KA', 'Z1'],
  'Z1-networkOperator-ka': ['90-B3-D5-1F-30-02-00-00', 3, 'KA', 'Z1'],
};
const XML_SIGNING = new Set([135, 137]);
const LOAD_CONTROLLER = new Set(['Z1-loadController-ka', 'Z1-loadController-ds']);

describe('real ZAZ1 material', () => {
  beforeEach(() => clearPathCache());

  it('inspects all 33 certificates to the expected (EUI, role, key usage, issuer) table', () => {
    const table = Object.fromEntries(
      entries.map((e) => {
        const r = inspectCertificate(e.pair.certificate);
        return [e.name, [r.eui, r.role, r.keyUsage, r.issuerCn]];
      }),
    );
    expect(entries).toHaveLength(33);
    expect(table).toEqual(EXPECTED);
    expect(
      entries.every((e) => e.role === e.pair.certificate.role && e.keyUsage === e.pair.certificate.keyUsage),
    ).toBe(true);
  });

  it('organisation certificates pass the profile; XML-signing ones lack only the AKI', () => {
    for (const e of entries) {
      const codes = checkOrgProfile(e.pair.certificate).map((f) => f.code);
      expect([e.name, codes]).toEqual([e.name, XML_SIGNING.has(e.role) ? ['PROFILE_AKI_MISSING'] : []]);
    }
  });

  it('the Z1 CA from the 6.15.1 template is the OU=07 CA issued by ZA with pathlen 0', () => {
    expect(inspectCertificate(z1)).toMatchObject({
      subjectCn: 'Z1',
      issuerCn: 'ZA',
      isCa: true,
      pathLen: 0,
      findings: [],
    });
  });

  it('every Z1-issued organisation certificate validates to Z1 (load controller ones from 2023)', () => {
    const issued = entries.filter((e) => e.pair.certificate.issuerCn === 'Z1' && !XML_SIGNING.has(e.role));
    expect(issued).toHaveLength(25);
    for (const e of issued) {
      const at = LOAD_CONTROLLER.has(e.name) ? new Date('2024-01-01T00:00:00Z') : at2020;
      expect([e.name, validatePath(e.pair.certificate, { anchor: z1, at }).ok]).toEqual([e.name, true]);
    }
    const lc = entries.find((e) => e.name === 'Z1-loadController-ds')!;
    expect(validatePath(lc.pair.certificate, { anchor: z1, at: at2020 })).toMatchObject({
      ok: false,
      code: 'PATH_NOT_YET_VALID',
    });
  });

  it('XML-signing certificates that name Z1 as issuer were not signed by it', () => {
    const xml = entries.filter((e) => XML_SIGNING.has(e.role));
    expect(xml).toHaveLength(4);
    for (const e of xml)
      expect(validatePath(e.pair.certificate, { anchor: z1 })).toMatchObject({
        ok: false,
        code: 'PATH_BAD_SIGNATURE',
        link: 0,
      });
  });

  it('certificates from other issuers (OB, Z99) have no path to Z1', () => {
    const foreign = entries.filter((e) => ['OB', 'Z99'].includes(e.pair.certificate.issuerCn ?? ''));
    expect(foreign.map((e) => e.name).sort()).toEqual(['mdr-ds', 'mdr-ka', 'otherUser-ds', 'otherUser-ka']);
    for (const e of foreign)
      expect(validatePath(e.pair.certificate, { anchor: z1, at: at2020 })).toMatchObject({
        ok: false,
        code: 'PATH_UNKNOWN_ISSUER',
      });
  });

  it('the template Z1b NO replacement pair validates in 2020, is expired in mid-2026, and passes without time checks', () => {
    const { ds, ka } = loadZ1bNoPair();
    expect([ds.certificate.keyUsage, ka.certificate.keyUsage, ds.certificate.eui]).toEqual([
      'DS',
      'KA',
      '90B3D51F30020000',
    ]);
    for (const cert of [ds.certificate, ka.certificate]) {
      expect(validatePath(cert, { anchor: z1, at: at2020 }).ok).toBe(true);
      expect(validatePath(cert, { anchor: z1, at: new Date('2026-06-01T00:00:00Z') })).toMatchObject({
        ok: false,
        code: 'PATH_EXPIRED',
        link: 0,
      });
      expect(validatePath(cert, { anchor: z1 }).ok).toBe(true);
    }
  });

  it('keystore private keys sign data their certificates verify', () => {
    const { ds } = loadZ1bNoPair();
    const data = Buffer.from('krp');
    expect(verifyP1363(ds.certificate.publicKey!, data, ds.signer.sign(data))).toBe(true);
  });

  it.each([
    ['a non-object', 42],
    ['a bad EUI key', { xyz: {} }],
    ['an unknown section', { '90b3d51f30020000': { signing: {} } }],
    [
      'a missing certificate',
      { '90b3d51f30020000': { digitalSignature: { '1': { privateKey: 'x', name: 'n', role: 3 } } } },
    ],
    [
      'an undecodable certificate',
      {
        '90b3d51f30020000': {
          digitalSignature: { '1': { certificate: 'AAAA', privateKey: 'x', name: 'n', role: 3 } },
        },
      },
    ],
  ])('refuses %s with ERR_KEYSTORE_FORMAT', (_what, json) => {
    expect(() => loadDccKeystore(json)).toThrow(
      expect.objectContaining({ code: 'ERR_KEYSTORE_FORMAT' }) as CertsError,
    );
  });
});
