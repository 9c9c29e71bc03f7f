import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapturesError, GbcsError, readGbcsKeystore, verifyGbcs } from '../../../../index';
import { ACB, DEVICE, gbcsForms, writeFormsKeystore } from '../../../support/gbcs-forms';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof CapturesError || err instanceof GbcsError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('readGbcsKeystore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-api-keystore-'));

  it('reads the DCC keystore layout, keeps the ACB role from its certificate, ignores other files', () => {
    const ks = join(dir, 'ks');
    writeFormsKeystore(ks);
    writeFileSync(join(ks, `${DEVICE.toLowerCase()}-pp-ka.pem`), 'prepayment keys are not read');
    mkdirSync(join(ks, 'sub.pem'));
    const keystore = readGbcsKeystore(ks);
    expect(keystore.get(ACB)?.role).toBe(4);
    expect(keystore.get(DEVICE)?.role).toBeUndefined();
    expect(Object.keys(keystore.get(DEVICE)!).sort()).toEqual(['ds', 'dsPrivate', 'ka', 'kaPrivate']);
    for (const f of gbcsForms()) {
      const v = verifyGbcs(f.bytes, keystore);
      expect([v.signature.status, v.mac.status]).not.toContain('invalid');
      expect([v.signature.status, v.mac.status]).not.toContain('no-key');
    }
  });

  it('refuses an unreadable folder and a file that is not a P-256 key, naming it', () => {
    expect(codeOf(() => readGbcsKeystore(join(dir, 'missing')))).toBe('ERR_CAPTURES_FILE');
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(
      join(bad, '0011223344556677-ds.pem'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    );
    expect(codeOf(() => readGbcsKeystore(bad))).toBe('ERR_GBCS_KEYSTORE');
    expect(() => readGbcsKeystore(bad)).toThrow('0011223344556677-ds.pem');
  });
});
