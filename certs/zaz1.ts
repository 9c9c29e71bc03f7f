import { CertsError } from './errors';
import { parseEui } from './eui';
import type { Eui } from './eui';
import type { KeyUsage } from './roles';
import type { CredentialPair } from './types';
import { decodeCertificate } from './decode';
import { signerFromPrivateKeyPem, spkiOf } from './crypto';

/** One certificate and private key of DCC's public ZAZ1 test keystore. */
export interface DccKeystoreEntry {
  name: string;
  role: number;
  keyUsage: KeyUsage;
  eui: Eui;
  pair: CredentialPair;
}

const SECTIONS: Readonly<Record<string, KeyUsage>> = { digitalSignature: 'DS', keyAgreement: 'KA' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatError(where: string, detail: string, cause?: unknown): CertsError {
  return new CertsError(
    'ERR_KEYSTORE_FORMAT',
    `keystore ${where}: ${detail}`,
    cause === undefined ? undefined : { cause },
  );
}

function readEntry(where: string, eui: Eui, keyUsage: KeyUsage, raw: unknown): DccKeystoreEntry {
  if (!isRecord(raw)) throw formatError(where, 'entry is not an object');
  const { certificate, privateKey, name, role } = raw;
  if (typeof certificate !== 'string' || typeof privateKey !== 'string' || typeof name !== 'string') {
    throw formatError(where, 'certificate, privateKey and name must be strings');
  }
  if (typeof role !== 'number' || !Number.isInteger(role) || role < 0 || role > 255)
    throw formatError(where, 'role must be an integer 0..255');
  let pair: CredentialPair;
  try {
    pair = { certificate: decodeCertificate(certificate), signer: signerFromPrivateKeyPem(privateKey) };
  } catch (cause) {
    throw formatError(where, 'certificate or private key does not decode', cause);
  }
  if (!Buffer.from(spkiOf(pair.signer.publicKey)).equals(Buffer.from(pair.certificate.spki))) {
    throw formatError(where, 'private key does not match the certificate');
  }
  return { name, role, keyUsage, eui, pair };
}

/**
 * Loads the parsed `keystore.json` of @smartdcc/dccboxed-keystore (EUI -> digitalSignature |
 * keyAgreement -> serial -> {certificate, privateKey, name, role}); ERR_KEYSTORE_FORMAT on a bad shape.
 */
export function loadDccKeystore(json: unknown): DccKeystoreEntry[] {
  if (!isRecord(json)) throw formatError('root', 'not an object');
  const entries: DccKeystoreEntry[] = [];
  for (const [euiText, sections] of Object.entries(json)) {
    let eui: Eui;
    try {
      eui = parseEui(euiText);
    } catch (cause) {
      throw formatError(euiText, 'key is not an EUI-64', cause);
    }
    if (!isRecord(sections)) throw formatError(euiText, 'not an object');
    for (const [section, serials] of Object.entries(sections)) {
      const keyUsage = SECTIONS[section];
      if (!keyUsage) throw formatError(`${euiText}.${section}`, 'expected digitalSignature or keyAgreement');
      if (!isRecord(serials)) throw formatError(`${euiText}.${section}`, 'not an object');
      for (const [serial, raw] of Object.entries(serials)) {
        entries.push(readEntry(`${euiText}.${section}.${serial}`, eui, keyUsage, raw));
      }
    }
  }
  return entries;
}
