import type { KeyObject } from 'node:crypto';
import {
  CertsError,
  decodeCertificate,
  keyAgreementKeyFromPem,
  parseEui,
  pemToDerList,
  publicKeyFromSpki,
  type Eui,
} from '../../certs';
import { GbcsError } from './errors';
import type { GbcsKeystore, GbcsPartyKeys } from './verify';

/** One keystore file: its base name and its text. */
export interface KeystoreFile {
  readonly name: string;
  readonly text: string;
}

/** A keystore and the file names it did not use (other names, prepayment `-pp-` keys). */
export interface LoadedGbcsKeystore {
  readonly keystore: GbcsKeystore;
  readonly ignored: readonly string[];
}

/**
 * `<16 hex EUI>-ds.pem`, `-ka.pem` (the certificate, or a SubjectPublicKeyInfo PEM), `-ds.key`,
 * `-ka.key` (the private key, PKCS#8 or SEC1 PEM): the layout of the DCC's open test keystores.
 */
const NAME = /^([0-9A-Fa-f]{16})-(ds|ka)\.(pem|key)$/i;

/**
 * Builds a keystore from the files of a keystore folder (pure: the caller reads the files). Every
 * key must be EC P-256; a file that is not is ERR_GBCS_KEYSTORE naming it, and nothing is returned.
 * A certificate's remote-party role (its subject OU) is kept: role 4 marks the ACB.
 * @see docs/gbcs-bytes.md (Keystores)
 */
export function gbcsKeystoreFromFiles(files: readonly KeystoreFile[]): LoadedGbcsKeystore {
  const parties = new Map<Eui, GbcsPartyKeys>();
  const ignored: string[] = [];
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const m = NAME.exec(file.name);
    if (!m) {
      ignored.push(file.name);
      continue;
    }
    const eui = parseEui(m[1]!.toUpperCase());
    const usage = m[2]!.toLowerCase() as 'ds' | 'ka';
    const isPrivate = m[3]!.toLowerCase() === 'key';
    const current: GbcsPartyKeys = parties.get(eui) ?? {};
    let next: GbcsPartyKeys;
    try {
      if (isPrivate) {
        const key = keyAgreementKeyFromPem(file.text).privateKey;
        next = usage === 'ds' ? { ...current, dsPrivate: key } : { ...current, kaPrivate: key };
      } else {
        const { key, role } = publicKeyOf(file.text);
        next = {
          ...current,
          ...(usage === 'ds' ? { ds: key } : { ka: key }),
          ...(role === undefined || current.role !== undefined ? {} : { role }),
        };
      }
    } catch (cause) {
      if (cause instanceof CertsError || cause instanceof GbcsError)
        throw new GbcsError('ERR_GBCS_KEYSTORE', `${file.name}: ${cause.message}`, { cause });
      throw cause;
    }
    parties.set(eui, next);
  }
  return { keystore: parties, ignored };
}

/** The P-256 public key of a certificate PEM (with its role, when it names one) or a public-key PEM. */
function publicKeyOf(text: string): { key: KeyObject; role?: number } {
  if (text.includes('-----BEGIN PUBLIC KEY-----')) {
    const [spki] = pemToDerList(text);
    return { key: publicKeyFromSpki(spki!) };
  }
  const cert = decodeCertificate(text);
  if (!cert.publicKey) throw new GbcsError('ERR_GBCS_KEYSTORE', 'the certificate holds no P-256 public key');
  return cert.role === undefined ? { key: cert.publicKey } : { key: cert.publicKey, role: cert.role };
}
