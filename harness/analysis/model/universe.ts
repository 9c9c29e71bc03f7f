import {
  parseEui,
  type CertDefect,
  type Eui,
  type KeyUsage,
  type OrgCertificate,
  type PartySpec,
  type Signer,
  type TestParty,
  type TestPki,
} from '../../../certs';
import { CERT_DEFECTS, createLru, deriveNodeSigner } from '../../../certs';
import { REFERENCE_PARTIES } from '../../../simulator';
import { createScenarioKeys, type ScenarioKeys } from '../../scenario/resolve';
import type { CertRefInput } from '../../scenario/types';

/** How a replacement certificate offered by a step is made: genuine, or with one defect. */
export type ReplacementKind =
  'good' | 'expired' | 'notYetValid' | 'foreignCa' | 'wrongRole' | 'swappedUsage' | 'alternate' | CertDefect;

/** Every replacement kind, in a stable order (shrinking goes towards `good`). */
export const REPLACEMENT_KINDS: readonly ReplacementKind[] = [
  'good',
  'expired',
  'notYetValid',
  'foreignCa',
  'wrongRole',
  'swappedUsage',
  'alternate',
  ...CERT_DEFECTS,
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
  /** A signer whose key is in no certificate (a scenario's `forged` signer). */
  readonly strayKey: Signer;
  /** The ACB's signer (the DCC signs 6.21 with it). */
  readonly acbSigner: Signer;
  /** A certificate of `owner` of the given kind for a cell of `usage` (cached). */
  replacement(owner: string, kind: ReplacementKind, usage: KeyUsage): OrgCertificate;
  /** The party by name; throws for an unknown name (a bug in a caller). */
  party(name: string): ModelParty;
}

/** The universe's extra party (besides the reference parties), as a scenario file names it. */
export const UNIVERSE_EXTRA_PARTIES = [{ name: 'SUP-3', eui: '90-B3-D5-1F-30-04-00-03', role: 2 as const }];

/** The universe's parties: the reference parties plus a third supplier. */
export const UNIVERSE_PARTIES: readonly PartySpec[] = [
  ...REFERENCE_PARTIES,
  ...UNIVERSE_EXTRA_PARTIES.map((p) => ({ ...p, eui: parseEui(p.eui) })),
];

/** The default universe seed (a counterexample file's `pkiSeed`). */
export const UNIVERSE_SEED = 'smets1-model';

/** Universes by seed; explorations use one or two seeds, so a handful is plenty (bounded, docs/reliability.md). */
const cache = createLru<string, Universe>(8);

/**
 * The scenario-format certificate reference of a replacement kind, so counterexample files name
 * exactly the certificate the exploration installed. @see harness/scenario CertRef
 */
export function certRefOf(owner: string, kind: ReplacementKind, usage: KeyUsage): CertRefInput {
  const other: KeyUsage = usage === 'DS' ? 'KA' : 'DS';
  switch (kind) {
    case 'good':
      return owner;
    case 'swappedUsage':
      return { party: owner, keyUsage: other };
    case 'expired':
      return {
        party: owner,
        label: 'expired',
        notBefore: '2015-01-01T00:00:00Z',
        notAfter: '2019-01-01T00:00:00Z',
      };
    case 'notYetValid':
      return { party: owner, label: 'not-yet-valid', notBefore: '2030-01-01T00:00:00Z' };
    case 'foreignCa':
      return { party: owner, label: 'foreign', issuer: 'foreign' };
    case 'wrongRole':
      return {
        party: owner,
        label: 'wrong-role',
        role: UNIVERSE_PARTIES.find((p) => p.name === owner)?.role === 3 ? 2 : 3,
      };
    case 'alternate':
      return { party: owner, label: 'alternate' };
    default:
      return { party: owner, label: kind, defects: [kind] };
  }
}

/** Issues (once per seed) the universe PKI through the scenario key cache, so explored certificates and replayed scenario files are byte-identical. */
export function modelUniverse(seed = UNIVERSE_SEED, keys: ScenarioKeys = createScenarioKeys()): Universe {
  const hit = cache.get(seed);
  if (hit) return hit;
  const pki = keys.pki(seed, UNIVERSE_EXTRA_PARTIES);
  const parties = new Map<string, ModelParty>(
    pki.parties.map((p) => [
      p.name,
      {
        name: p.name,
        eui: p.eui,
        role: p.role as 2 | 3 | 4,
        ds: p.ds.certificate,
        ka: p.ka.certificate,
        signer: deriveNodeSigner(seed, `party/${p.eui}/${p.role}/DS`),
      },
    ]),
  );
  const party = (name: string): ModelParty => {
    const p = parties.get(name);
    if (!p) throw new RangeError(`no universe party ${name}`);
    return p;
  };
  const pkiParty = (name: string): TestParty =>
    pki.parties.find((p) => p.name === name) ?? pki.party(party(name).eui);
  const universe: Universe = {
    seed,
    pki,
    parties,
    names: new Map([...parties.values()].map((p) => [p.eui, p.name])),
    strayKey: keys.forged(seed),
    acbSigner: party('ACB').signer,
    party,
    replacement(owner, kind, usage) {
      const ref = certRefOf(owner, kind, usage);
      const p = party(owner);
      if (typeof ref === 'string') return usage === 'DS' ? p.ds : p.ka;
      if (kind === 'swappedUsage') return usage === 'DS' ? p.ka : p.ds;
      return keys.variant(pki, ref, usage, pkiParty).certificate;
    },
  };
  cache.set(seed, universe);
  return universe;
}
