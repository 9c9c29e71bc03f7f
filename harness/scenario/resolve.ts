import {
  deriveSigner,
  formatEuiHyphenated,
  issueCaCertificate,
  issueLeafCertificate,
  issueTestPki,
  parseEui,
  type CredentialPair,
  type Eui,
  type KeyUsage,
  type OrgCertificate,
  type Signer,
  type TestParty,
  type TestPki,
} from '../../certs';
import {
  composeWorld,
  makeMpan,
  REFERENCE_NETWORK_OPERATORS,
  REFERENCE_PARTIES,
  type MeterLayout,
  type WorldSpec,
} from '../../simulator';
import { ScenarioError } from './errors';
import type { CertRef, CertRefInput, PathElement, Scenario, SignerRef } from './types';
import { loadZaz1Material, type Zaz1Material } from './zaz1-material';

const REFERENCE_SEED = 'smets1-harness';
const VALIDITY = { notBefore: new Date('2015-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z') };

/**
 * The harness's key material, shared across scenarios so certificates are issued once: test PKIs
 * by seed and party set, variants, the foreign CA, the ZAZ1 material. Holds private keys: never reported.
 */
export interface ScenarioKeys {
  pki(seed: string, extra: Scenario['world']['extraParties']): TestPki;
  foreignCa(seed: string): CredentialPair;
  variant(pki: TestPki, ref: CertRef, slot: KeyUsage, party: (name: string) => TestParty): CredentialPair;
  forged(seed: string): Signer;
  zaz1(): Zaz1Material;
}

/** Creates the shared key cache; `zaz1` is injectable for tests. */
export function createScenarioKeys(options: { zaz1?: () => Zaz1Material } = {}): ScenarioKeys {
  const pkis = new Map<string, TestPki>();
  const cas = new Map<string, CredentialPair>();
  const variants = new Map<string, CredentialPair>();
  const forged = new Map<string, Signer>();
  return {
    pki(seed, extra = []) {
      const key = `${seed}\u0000${extra.map((p) => `${p.name}/${p.eui}/${p.role}`).join(',')}`;
      let p = pkis.get(key);
      if (!p) {
        p = issueTestPki({
          seed,
          parties: [
            ...REFERENCE_PARTIES,
            ...extra.map((e) => ({ name: e.name, eui: parseEui(e.eui), role: e.role })),
          ],
          ...VALIDITY,
        });
        pkis.set(key, p);
      }
      return p;
    },
    foreignCa(seed) {
      let ca = cas.get(seed);
      if (!ca) {
        const root = issueCaCertificate({ seed, label: 'foreign/root', name: 'XR', ou: '00', ...VALIDITY });
        ca = issueCaCertificate({
          seed,
          label: 'foreign/ca',
          name: 'XC',
          ou: '07',
          issuer: root,
          pathLen: 0,
          ...VALIDITY,
        });
        cas.set(seed, ca);
      }
      return ca;
    },
    variant(pki, ref, slot, party) {
      const key = `${pki.seed}\u0000${slot}\u0000${JSON.stringify(ref)}`;
      let v = variants.get(key);
      if (!v) {
        const holder = party(ref.party);
        const owner = party(ref.owner ?? ref.party);
        const usage = ref.keyUsage ?? slot;
        v = issueLeafCertificate({
          seed: pki.seed,
          label: `scenario/${ref.label ?? JSON.stringify(ref)}/${slot}`,
          issuer: ref.issuer === 'foreign' ? this.foreignCa(pki.seed) : pki.ca,
          subjectEui: owner.eui,
          subjectCn: owner.name,
          role: ref.role ?? holder.role,
          keyUsage: ref.issuedKeyUsage ?? usage,
          notBefore: ref.notBefore ? new Date(ref.notBefore) : VALIDITY.notBefore,
          notAfter: ref.notAfter ? new Date(ref.notAfter) : VALIDITY.notAfter,
          ...(ref.defects ? { defects: ref.defects } : {}),
          subjectKey: usage === 'DS' ? holder.ds.signer : holder.ka.signer,
        });
        variants.set(key, v);
      }
      return v;
    },
    forged(seed) {
      let s = forged.get(seed);
      if (!s) {
        s = deriveSigner(seed, 'scenario/forged-key-not-in-any-cell');
        forged.set(seed, s);
      }
      return s;
    },
    zaz1: options.zaz1 ?? loadZaz1Material,
  };
}

/** A scenario with its names resolved: the world file, devices, certificates and signers. */
export interface ResolvedScenario {
  readonly world: WorldSpec;
  /** Meter name -> device id (hyphenated) and MPxN. */
  readonly meters: ReadonlyMap<string, { readonly deviceId: string; readonly mpxn: string }>;
  party(name: string): TestParty;
  /** The device id a step names (a meter name or a literal EUI). */
  deviceId(nameOrEui: string): Eui;
  certificate(ref: CertRefInput, slot: KeyUsage): OrgCertificate;
  pathCertificate(element: PathElement): OrgCertificate;
  /** The signer of a step; undefined for `none` (the pre-command goes back unsigned). */
  signer(ref: SignerRef | undefined, actor: string): Signer | undefined;
  /** Party name of an EUI (for readable reports), or the EUI itself. */
  nameOf(eui: string | null): string;
  readonly defaultPath: readonly PathElement[];
}

const isVariant = (r: CertRef) =>
  r.label !== undefined ||
  r.defects !== undefined ||
  r.notBefore !== undefined ||
  r.notAfter !== undefined ||
  r.issuer === 'foreign' ||
  r.role !== undefined ||
  r.issuedKeyUsage !== undefined ||
  r.owner !== undefined;

/** Resolves a schema-valid scenario over the shared key material (composeWorld over the scenario's PKI). */
export function resolveScenario(s: Scenario, keys: ScenarioKeys): ResolvedScenario {
  const seed = s.world.pkiSeed ?? REFERENCE_SEED;
  const base = keys.pki(seed, s.world.extraParties);
  const boxed = s.world.material === 'dcc-boxed';
  const zaz1 = s.world.material === 'zaz1' || boxed ? keys.zaz1() : undefined;
  // DCC Boxed's world holds the ZAZ1 parties only, so its ACB cell is the ZAZ1 ACB's
  const parties = boxed && zaz1 ? [...zaz1.parties] : [...base.parties, ...(zaz1?.parties ?? [])];
  const byName = new Map(parties.map((p) => [p.name, p]));
  const party = (name: string): TestParty => {
    const p = byName.get(name);
    if (!p)
      throw new ScenarioError('ERR_SCENARIO_REFERENCE', `${s.id}: no party named ${JSON.stringify(name)}`);
    return p;
  };
  const meters = new Map<string, { deviceId: string; mpxn: string }>();
  const layouts: MeterLayout[] = s.world.meters.map((m, i) => {
    const deviceId =
      m.deviceId ?? `00-DB-00-00-00-00-${(i + 1).toString(16).toUpperCase().padStart(2, '0')}-01`;
    const mpxn = m.mpxn ?? makeMpan(m.area ?? 10, 1000 + i);
    const eui = formatEuiHyphenated(parseEui(deviceId));
    meters.set(m.name, { deviceId: eui, mpxn });
    const { name, area, ...layout } = m;
    return { ...layout, deviceId: eui, mpxn };
  });
  const certificatePair = (ref: CertRefInput, slot: KeyUsage): CredentialPair => {
    const r: CertRef = typeof ref === 'string' ? { party: ref } : ref;
    if (isVariant(r)) return keys.variant(base, r, slot, party);
    const p = party(r.party);
    return (r.keyUsage ?? slot) === 'DS' ? p.ds : p.ka;
  };
  const revoked = (s.world.revoked ?? []).map(
    (r) => certificatePair(r, r.keyUsage ?? 'DS').certificate.certificateId,
  );
  const spec = composeWorld({
    pki: { ...base, parties },
    from: new Date('2020-01-01T00:00:00Z'),
    networkOperators: s.world.networkOperators ?? REFERENCE_NETWORK_OPERATORS,
    suppliers: s.world.suppliers ?? [{ name: 'SUP-1' }, { name: 'SUP-2' }],
    meters: layouts,
    revoked,
    ...(s.world.settings || boxed
      ? { settings: { ...s.world.settings, ...(boxed ? { smets2GeneralCiphering: true } : {}) } }
      : {}),
  });
  const world: WorldSpec = zaz1
    ? { ...spec, trustAnchor: Buffer.from(zaz1.anchor.der).toString('base64') }
    : spec;
  const names = new Map([...parties].reverse().map((p) => [p.eui as string, p.name]));
  return {
    world,
    meters,
    party,
    deviceId: (n) => parseEui(meters.get(n)?.deviceId ?? n),
    certificate: (ref, slot) => certificatePair(ref, slot).certificate,
    pathCertificate: (el) => {
      if (el === 'ca') return base.ca.certificate;
      if (el === 'root') return base.root.certificate;
      if (el === 'anchor') return zaz1 ? zaz1.anchor : base.root.certificate;
      if (el === 'foreign-ca') return keys.foreignCa(seed).certificate;
      return certificatePair(el, el.keyUsage ?? 'DS').certificate;
    },
    signer: (ref, actor) => {
      if (ref === 'none') return undefined;
      if (ref === 'forged') return keys.forged(seed);
      if (ref === undefined) return party(actor).ds.signer;
      if (typeof ref === 'string') return party(ref).ds.signer;
      return ref.keyUsage === 'DS' ? party(ref.party).ds.signer : party(ref.party).ka.signer;
    },
    nameOf: (eui) => (eui === null ? '(empty)' : (names.get(parseEui(eui)) ?? eui)),
    defaultPath: zaz1 ? ['anchor'] : ['ca'],
  };
}
