import {
  deriveNodeSigner,
  issueTestPki,
  spkiOf,
  type Eui,
  type OrgCertificate,
  type Signer,
  type TestPki,
} from '../../certs';
import { EstateError } from './errors';
import { estatePartySpecs, ESTATE_NETWORK_OPERATORS, ESTATE_SUPPLIERS } from './parties';

/** One party's interned certificates and a fast signer for its DS key. */
export interface EstateParty {
  readonly name: string;
  readonly eui: Eui;
  readonly ds: OrgCertificate;
  readonly ka: OrgCertificate;
  /** node:crypto signer of the DS key (randomised signatures), created once. */
  readonly signer: Signer;
}

/** The interned certificate table of an estate: every cell of every meter points into it. */
export interface EstateCredentials {
  readonly pki: TestPki;
  /** Indexed like ESTATE_NETWORK_OPERATORS. */
  readonly networkOperators: readonly EstateParty[];
  /** Indexed like ESTATE_SUPPLIERS. */
  readonly suppliers: readonly EstateParty[];
  readonly acb: EstateParty;
  /** Certification path sent with every 6.15.1 (the organisation CA). */
  readonly path: readonly OrgCertificate[];
}

/** Validity window of the estate PKI. */
export const ESTATE_PKI_VALIDITY = {
  notBefore: new Date('2015-01-01T00:00:00Z'),
  notAfter: new Date('2035-01-01T00:00:00Z'),
} as const;

/**
 * Derives the estate PKI from the seed (deterministic, so every worker derives the same table on
 * its own) with one decoded certificate and one cached KeyObject signer per party.
 */
export function estateCredentials(seed: string): EstateCredentials {
  const pki = issueTestPki({ seed, parties: estatePartySpecs(), ...ESTATE_PKI_VALIDITY });
  const party = (name: string): EstateParty => {
    const p = pki.parties.find((x) => x.name === name);
    if (!p) throw new EstateError('ERR_ESTATE_PKI', `estate PKI has no party ${name}`);
    const signer = deriveNodeSigner(seed, `party/${p.eui}/${p.role}/DS`);
    if (!Buffer.from(spkiOf(signer.publicKey)).equals(Buffer.from(p.ds.certificate.spki))) {
      throw new EstateError('ERR_ESTATE_PKI', `fast signer of ${name} does not match its DS certificate`);
    }
    return { name, eui: p.eui, ds: p.ds.certificate, ka: p.ka.certificate, signer };
  };
  return {
    pki,
    networkOperators: ESTATE_NETWORK_OPERATORS.map((n) => party(n.name)),
    suppliers: ESTATE_SUPPLIERS.map(party),
    acb: party('ACB'),
    path: [pki.ca.certificate],
  };
}
