import {
  issueCaCertificate,
  issueLeafCertificate,
  issueTestPki,
  parseEui,
  RemotePartyRole,
  type CertDefect,
  type CredentialPair,
  type Eui,
  type KeyUsage,
  type OrgCertificate,
  type PartySpec,
  type Signer,
  type TestPki,
} from '../../certs';
import { deriveNodeSigner } from '../../certs/crypto';
import { REFERENCE_PARTIES } from '../../simulator';

/** How a replacement certificate offered by a step is made: genuine, or with one defect. */
export type ReplacementKind =
  | 'good'
  | 'expired'
  | 'notYetValid'
  | 'foreignCa'
  | 'wrongRole'
  | 'swappedUsage'
  | 'alternate'
  | CertDefect;

/** Every replacement kind, in a stable order (shrinking goes towards `good`). */
export const REPLACEMENT_KINDS: readonly ReplacementKind[] = [
  'good',
  'expired',
  'notYetValid',
  'foreignCa',
  'wrongRole',
  'swappedUsage',
  'alternate',
  'keyUsageBoth',
  'keyUsageNone',
  'keyUsageNotCritical',
  'policyMissing',
  'policyNotCritical',
  'unknownCriticalExtension',
  'skiLength4',
  'akiMissing',
  'ouMalformed',
  'serialNegative',
  'badSignature',
  'wrongSignatureAlgorithm',
];

/** A party of the exploration universe, with its genuine certificates and fast signer. */
export interface ModelParty {
  readonly name: string;
  readonly eui: Eui;
  readonly role: 2 | 3 | 4;
  readonly ds: OrgCertificate;
  readonly ka: OrgCertificate;
  /** Signs with the key of the party's DS certificate. */
  readonly signer: Signer;
}

/** The fixed PKI every explored world draws its parties and certificates from (issued once, cached). */
export interface Universe {
  readonly seed: string;
  readonly pki: TestPki;
  readonly parties: ReadonlyMap<string, ModelParty>;
  /** Party names by EUI. */
  readonly names: ReadonlyMap<Eui, string>;
  /** A signer whose key is in no certificate. */
  readonly strayKey: Signer;
  /** The ACB's signer (the DCC signs 6.21 with it). */
  readonly acbSigner: Signer;
  /** A certificate of `owner` of the given kind for a cell of `usage` (cached). */
  replacement(owner: string, kind: ReplacementKind, usage: KeyUsage): OrgCertificate;
  /** The party by name; throws for an unknown name (a bug in a caller). */
  party(name: string): ModelParty;
}

/** The parties of the universe: the reference parties plus a third supplier. */
export const UNIVERSE_PARTIES: readonly PartySpec[] = [
  ...REFERENCE_PARTIES,
  { name: 'SUP-3', eui: parseEui('90B3D51F30040003'), role: RemotePartyRole.supplier },
];

const VALIDITY = { notBefore: new Date('2015-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z') };
const cache = new Map<string, Universe>();

function partyLabel(spec: PartySpec, usage: KeyUsage): string {
  return `party/${spec.eui}/${spec.role}/${usage}`;
}

/** Issues (once per seed) the universe PKI: root, organisation CA, every party, a foreign CA. */
export function modelUniverse(seed = 'smets1-model'): Universe {
  const hit = cache.get(seed);
  if (hit) return hit;
  const pki = issueTestPki({ seed, parties: UNIVERSE_PARTIES, ...VALIDITY });
  const foreignRoot = issueCaCertificate({ seed: `${seed}/foreign`, label: 'root', name: 'ZR', ou: '00', ...VALIDITY });
  const foreignCa = issueCaCertificate({ seed: `${seed}/foreign`, label: 'ca', name: 'ZC', ou: '07', issuer: foreignRoot, pathLen: 0, ...VALIDITY });
  const specs = new Map(UNIVERSE_PARTIES.map((p) => [p.name, p]));
  const parties = new Map<string, ModelParty>(
    pki.parties.map((p) => [
      p.name,
      { name: p.name, eui: p.eui, role: p.role as 2 | 3 | 4, ds: p.ds.certificate, ka: p.ka.certificate, signer: deriveNodeSigner(seed, partyLabel(p, 'DS')) },
    ]),
  );
  const party = (name: string): ModelParty => {
    const p = parties.get(name);
    if (!p) throw new RangeError(`no universe party ${name}`);
    return p;
  };
  const replacements = new Map<string, OrgCertificate>();
  const issue = (spec: PartySpec, kind: ReplacementKind, usage: KeyUsage): CredentialPair => {
    const base = { seed, label: `model/${spec.eui}/${kind}/${usage}`, subjectEui: spec.eui, subjectCn: spec.name, role: spec.role, keyUsage: usage };
    const key = { subjectKey: deriveNodeSigner(seed, partyLabel(spec, usage)) };
    switch (kind) {
      case 'expired':
        return issueLeafCertificate({ ...base, ...key, issuer: pki.ca, notBefore: new Date('2015-01-01T00:00:00Z'), notAfter: new Date('2019-01-01T00:00:00Z') });
      case 'notYetValid':
        return issueLeafCertificate({ ...base, ...key, issuer: pki.ca, notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: VALIDITY.notAfter });
      case 'foreignCa':
        return issueLeafCertificate({ ...base, ...key, ...VALIDITY, issuer: foreignCa });
      case 'wrongRole':
        return issueLeafCertificate({ ...base, ...key, ...VALIDITY, issuer: pki.ca, role: spec.role === 3 ? 2 : 3 });
      case 'alternate':
        return issueLeafCertificate({ ...base, ...key, ...VALIDITY, issuer: pki.ca });
      default:
        return issueLeafCertificate({ ...base, ...key, ...VALIDITY, issuer: pki.ca, defects: [kind as CertDefect] });
    }
  };
  const universe: Universe = {
    seed,
    pki,
    parties,
    names: new Map([...parties.values()].map((p) => [p.eui, p.name])),
    strayKey: deriveNodeSigner(seed, 'stray-key'),
    acbSigner: party('ACB').signer,
    party,
    replacement(owner, kind, usage) {
      const p = party(owner);
      if (kind === 'good') return usage === 'DS' ? p.ds : p.ka;
      if (kind === 'swappedUsage') return usage === 'DS' ? p.ka : p.ds;
      const k = `${owner}/${kind}/${usage}`;
      let cert = replacements.get(k);
      if (!cert) {
        const spec = specs.get(owner);
        if (!spec) throw new RangeError(`no universe party ${owner}`);
        cert = issue(spec, kind, usage).certificate;
        replacements.set(k, cert);
      }
      return cert;
    },
  };
  cache.set(seed, universe);
  return universe;
}
