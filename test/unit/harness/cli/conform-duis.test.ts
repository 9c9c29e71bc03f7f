import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEui } from '../../../../certs';
import { readFileSync } from 'node:fs';
import {
  createDuisTarget,
  loadTargetProfile,
  profilePath,
  unmappedReason,
} from '../../../../harness/cli/commands/conform-duis';
import { DEFAULT_CATALOGUE } from '../../../../harness/cli/commands/conform';
import { loadCatalogue } from '../../../../harness/scenario';
import { keystoreItem } from '../../../support/dcc-material';

const dir = mkdtempSync(join(tmpdir(), 'smets1-profile-'));
const no = keystoreItem('xml-sign-90B3D51F30020000-ds');
const dcc = keystoreItem('dsp-xml-sign-90B3D51F30000002-ds');
writeFileSync(join(dir, 'no.key'), no.privateKeyPem);
writeFileSync(join(dir, 'no.pem'), no.certificatePem);
writeFileSync(join(dir, 'dcc.pem'), dcc.certificatePem);
const profile = {
  name: 'DCC Boxed (ZAZ1)',
  dcc: { eui: '90-B3-D5-1F-30-00-00-02', certificates: ['dcc.pem'] },
  users: [
    { name: 'NO', eui: '90-B3-D5-1F-30-02-00-00', xmlSigningKey: 'no.key', xmlSigningCertificate: 'no.pem' },
  ],
  devices: [{ deviceId: '00-DB-12-34-56-78-90-A0', type: 'ESME', smets: 2 }],
};
writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
const io = { stdout: () => undefined, stderr: () => undefined, cwd: dir, quiet: true };

describe('DUIS target profiles', () => {
  it('loads users with their keys, the DCC certificates and the devices', () => {
    const p = loadTargetProfile(join(dir, 'profile.json'));
    expect(p.users.get(parseEui('90B3D51F30020000'))?.certificate.role).toBe(135);
    expect(p.dcc.pinned?.[0]?.role).toBe(137);
    expect(p.devices.has(parseEui('00DB1234567890A0'))).toBe(true);
  });

  it('says where a profile that is not JSON breaks, as line and column', () => {
    writeFileSync(join(dir, 'broken.json'), '{\n  "users": [],\n  ,\n}');
    expect(() => loadTargetProfile(join(dir, 'broken.json'))).toThrow(
      expect.objectContaining({
        code: 'ERR_CLI_JSON',
        message: expect.stringMatching(/broken\.json is not valid JSON: line 3, column 3: /) as unknown,
      }),
    );
  });

  it('refuses a profile that breaks the schema or pairs a key with another certificate', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...profile, extra: 1 }));
    expect(() => loadTargetProfile(join(dir, 'bad.json'))).toThrow(
      expect.objectContaining({ code: 'ERR_PROFILE_SCHEMA' }),
    );
    writeFileSync(
      join(dir, 'wrong.json'),
      JSON.stringify({ ...profile, users: [{ ...profile.users[0], xmlSigningCertificate: 'dcc.pem' }] }),
    );
    expect(() => loadTargetProfile(join(dir, 'wrong.json'))).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_DECODE' }),
    );
  });

  it('skips, with a reason, every scenario whose world does not map onto the fixed target', async () => {
    const scenarios = loadCatalogue(DEFAULT_CATALOGUE, { filter: 'KRP-MIS-00*' });
    const p = loadTargetProfile(join(dir, 'profile.json'));
    expect(unmappedReason(scenarios[0]!, p)).toMatch(/no user NO-A/);
    const target = createDuisTarget(io, {
      baseUrl: 'http://127.0.0.1:8079',
      timeoutMs: 1000,
      watchdogMs: 1000,
      profile: 'profile.json',
    });
    const selected = target.select(scenarios);
    expect(selected.every((s) => typeof s.skip === 'string' && s.skip.length > 0)).toBe(true);
    await target.dut.close();
  });
});

describe('the shipped dcc-boxed profile', () => {
  const file = profilePath(dir, 'dcc-boxed');

  it('names keys only by keystore entry (no key material in the package)', () => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/BEGIN|PRIVATE|MII/);
    const refs = text.match(/"keystore:[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(4);
  });

  it("loads DCC Boxed's users, their KA keys, the ACB's certificate pinned and the devices", () => {
    const p = loadTargetProfile(file);
    expect([...p.users.keys()].sort()).toEqual(['90B3D51F30010000', '90B3D51F30020000']);
    expect(p.dcc.pinned?.map((c) => c.role)).toEqual([4, 137]);
    expect(p.gbcsKeys.users.get(parseEui('90B3D51F30020000'))).toHaveLength(2);
    expect(p.gbcsKeys.device(parseEui('00DB1234567890A0'))?.ka).toBeDefined();
    expect(p.gbcsKeys.device(parseEui('00DB1234567890B1'))).toBeUndefined();
    expect(p.world).toBe('dcc-boxed');
  });

  it('maps every BOXED-* scenario onto the target and skips the others with their reason', () => {
    const p = loadTargetProfile(file);
    const boxed = loadCatalogue(DEFAULT_CATALOGUE, { filter: 'BOXED-*' });
    expect(boxed.length).toBeGreaterThanOrEqual(12);
    expect(boxed.map((s) => unmappedReason(s, p)).filter(Boolean)).toEqual([]);
    const other = loadCatalogue(DEFAULT_CATALOGUE, { filter: 'KRP-ZAZ1-001' });
    expect(unmappedReason(other[0]!, p)).toMatch(/not the stock world/);
  });

  it('is refused, naming the entry, when it names a keystore entry that does not exist', () => {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { dcc: { certificates: string[] } };
    raw.dcc.certificates = ['keystore:no-such-entry'];
    writeFileSync(join(dir, 'missing-entry.json'), JSON.stringify(raw));
    expect(() => loadTargetProfile(join(dir, 'missing-entry.json'))).toThrow(/no-such-entry/);
  });
});
