import { CertsError } from './errors';
import type { Eui } from './eui';
import type { KeyUsage } from './roles';
import type { CredentialPair } from './types';
import type { TestPki } from './test-pki';

function slot(eui: Eui, role: number, keyUsage: KeyUsage): string {
  return `${eui}/${role}/${keyUsage}`;
}

/** Credential pairs indexed by (owner EUI, remote party role, key usage); the latest added wins. */
export class KeyStore {
  private readonly bySlot = new Map<string, CredentialPair>();
  private readonly pairs: CredentialPair[] = [];

  /** Adds a pair; its certificate must carry an EUI, a role and a DS or KA key usage. */
  add(pair: CredentialPair): void {
    const { eui, role, keyUsage } = pair.certificate;
    if (eui === undefined || role === undefined || keyUsage === undefined) {
      throw new CertsError(
        'ERR_KEYSTORE_FORMAT',
        `certificate ${pair.certificate.certificateId} lacks EUI, role or key usage`,
      );
    }
    this.bySlot.set(slot(eui, role, keyUsage), pair);
    this.pairs.push(pair);
  }

  /** The pair for (eui, role, keyUsage), or undefined. */
  find(eui: Eui, role: number, keyUsage: KeyUsage): CredentialPair | undefined {
    return this.bySlot.get(slot(eui, role, keyUsage));
  }

  /** The pair for (eui, role, keyUsage); throws ERR_KEYSTORE_MISSING when absent. */
  get(eui: Eui, role: number, keyUsage: KeyUsage): CredentialPair {
    const pair = this.find(eui, role, keyUsage);
    if (!pair)
      throw new CertsError('ERR_KEYSTORE_MISSING', `no credentials for ${slot(eui, role, keyUsage)}`);
    return pair;
  }

  /** Every pair in the order added. */
  all(): readonly CredentialPair[] {
    return [...this.pairs];
  }

  /** A key store holding every party's DS and KA pair of a test PKI. */
  static fromPki(pki: TestPki): KeyStore {
    const store = new KeyStore();
    for (const party of pki.parties) {
      store.add(party.ds);
      store.add(party.ka);
    }
    return store;
  }
}
