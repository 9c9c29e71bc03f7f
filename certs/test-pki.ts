import { CertsError } from './errors';
import { parseEui } from './eui';
import type { Eui } from './eui';
import { RemotePartyRole } from './roles';
import type { CredentialPair } from './types';
import { DEFAULT_POLICY_OID, issueCaCertificate, issueLeafCertificate } from './issue';

/** One party of a generated test PKI. */
export interface PartySpec {
  name: string;
  eui: Eui;
  /** RemotePartyRole code, e.g. 2 supplier, 3 network operator, 4 ACB, 1 recovery. */
  role: number;
}

/** Options of a generated test PKI (root -> organisation CA -> DS/KA leaves per party). */
export interface PkiOptions {
  seed: string;
  parties: readonly PartySpec[];
  notBefore?: Date;
  notAfter?: Date;
  /** Default 1.2.826.0.1.8641679.1.2.1.4 (ZAZ1 organisation policy). */
  policyOid?: string;
  /** Root CN, default 'ZR'. */
  rootName?: string;
  /** Organisation CA CN, default 'ZC'. */
  caName?: string;
}

/** A party with its digital-signing and key-agreement credentials. */
export interface TestParty extends PartySpec {
  ds: CredentialPair;
  ka: CredentialPair;
}

/** A generated, deterministic test PKI. */
export interface TestPki {
  seed: string;
  root: CredentialPair;
  ca: CredentialPair;
  parties: readonly TestParty[];
  /** The party with this EUI (and role, when given); throws ERR_KEYSTORE_MISSING if absent. */
  party(eui: Eui, role?: number): TestParty;
}

function checkOptions(options: PkiOptions): void {
  if (options.seed.length === 0) throw new CertsError('ERR_PKI_OPTIONS', 'seed must not be empty');
  const seen = new Set<string>();
  for (const party of options.parties) {
    const key = `${party.eui}/${party.role}`;
    if (seen.has(key)) throw new CertsError('ERR_PKI_OPTIONS', `duplicate party ${key}`);
    seen.add(key);
  }
}

/** Issues a deterministic test PKI: same options give byte-identical certificates and keys. */
export function issueTestPki(options: PkiOptions): TestPki {
  checkOptions(options);
  const { seed, notBefore, notAfter } = options;
  const policyOid = options.policyOid ?? DEFAULT_POLICY_OID;
  const validity = { ...(notBefore ? { notBefore } : {}), ...(notAfter ? { notAfter } : {}) };
  const root = issueCaCertificate({
    seed,
    label: 'root',
    name: options.rootName ?? 'ZR',
    ou: '00',
    policyOid,
    ...validity,
  });
  const ca = issueCaCertificate({
    seed,
    label: 'ca',
    name: options.caName ?? 'ZC',
    ou: '07',
    issuer: root,
    pathLen: 0,
    policyOid,
    ...validity,
  });
  const parties = options.parties.map((spec): TestParty => {
    const leaf = (keyUsage: 'DS' | 'KA'): CredentialPair =>
      issueLeafCertificate({
        seed,
        label: `party/${spec.eui}/${spec.role}/${keyUsage}`,
        issuer: ca,
        subjectEui: spec.eui,
        subjectCn: spec.name,
        role: spec.role,
        keyUsage,
        policyOid,
        ...validity,
      });
    return { ...spec, ds: leaf('DS'), ka: leaf('KA') };
  });
  return {
    seed,
    root,
    ca,
    parties,
    party(eui: Eui, role?: number): TestParty {
      const found = parties.find((p) => p.eui === eui && (role === undefined || p.role === role));
      if (!found)
        throw new CertsError(
          'ERR_KEYSTORE_MISSING',
          `no party ${eui}${role === undefined ? '' : `/${role}`}`,
        );
      return found;
    },
  };
}

function letters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function euiFor(prefix: string, index: number): Eui {
  return parseEui(`${prefix}${(index + 1).toString(16).padStart(4, '0')}`);
}

/**
 * Party specs for a test PKI: NOs `NO-A`, `NO-B`, ... (EUIs 90B3D51F3003xxxx from 0001),
 * suppliers `SUP-1`, ... (90B3D51F3004xxxx) and one ACB (90B3D51F30050001, role 4).
 */
export function defaultPartySpecs(opts: { nos: number; suppliers: number }): PartySpec[] {
  const { nos, suppliers } = opts;
  for (const n of [nos, suppliers]) {
    if (!Number.isInteger(n) || n < 0 || n > 0xfffe)
      throw new CertsError('ERR_PKI_OPTIONS', `party count out of range: ${n}`);
  }
  const specs: PartySpec[] = [];
  for (let i = 0; i < nos; i++)
    specs.push({
      name: `NO-${letters(i)}`,
      eui: euiFor('90B3D51F3003', i),
      role: RemotePartyRole.networkOperator,
    });
  for (let i = 0; i < suppliers; i++)
    specs.push({ name: `SUP-${i + 1}`, eui: euiFor('90B3D51F3004', i), role: RemotePartyRole.supplier });
  specs.push({ name: 'ACB', eui: euiFor('90B3D51F3005', 0), role: RemotePartyRole.accessControlBroker });
  return specs;
}
