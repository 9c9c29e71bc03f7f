import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeCertificate, loadDccKeystore, parseEui, signerFromPrivateKeyPem } from '../../certs';
import { buildCs02bCommand, CredentialsReplacementMode, signKrp } from '../../simulator/gbcs';
import type { CredentialPair, DccKeystoreEntry, OrgCertificate } from '../../certs';

// Real DCC ZAZ1 test material (GPL-3.0 devDependencies), read from node_modules at test time only.

/** Parsed entries of @smartdcc/dccboxed-keystore/keystore.json. */
export function loadRealKeystore(): DccKeystoreEntry[] {
  const path = require.resolve('@smartdcc/dccboxed-keystore/keystore.json');
  return loadDccKeystore(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}

/** The text of one @smartdcc/duis-templates template, e.g. `CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML`. */
export function loadTemplate(name: string): string {
  const dir = join(dirname(require.resolve('@smartdcc/duis-templates/package.json')), 'templates');
  return readFileSync(join(dir, name), 'utf8');
}

const CS02B_NO = 'CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML';

function elementText(xml: string, element: string): string {
  const match = new RegExp(`<sr:${element}>([^<]+)</sr:${element}>`).exec(xml);
  if (!match?.[1]) throw new Error(`template has no sr:${element}`);
  return match[1];
}

/** The Z1 organisation CA (OU=07, issued by ZA) from the 6.15.1 template's CertificationPathCertificates. */
export function loadZ1Ca(): OrgCertificate {
  const section = elementText(
    loadTemplate(CS02B_NO).replace(/\s*<sr:Certificate>/, '<sr:Certificate>'),
    'Certificate',
  );
  return decodeCertificate(section);
}

/** The Z1b NO replacement DS/KA certificates of the 6.15.1 template, paired with their keystore private keys. */
export function loadZ1bNoPair(): { ds: CredentialPair; ka: CredentialPair } {
  const xml = loadTemplate(CS02B_NO);
  const byFingerprint = new Map(loadRealKeystore().map((e) => [e.pair.certificate.fingerprint, e.pair]));
  const pick = (element: string): CredentialPair => {
    const cert = decodeCertificate(elementText(xml, element));
    const pair = byFingerprint.get(cert.fingerprint);
    if (!pair) throw new Error(`template ${element} is not in the keystore`);
    return pair;
  };
  return { ds: pick('DigitalSigningCertificate'), ka: pick('KeyAgreementCertificate') };
}

/** One raw keystore entry with its PEM texts (for CLI tests that write PEM files). */
export interface KeystoreItem {
  eui: string;
  keyUsage: 'digitalSignature' | 'keyAgreement';
  name: string;
  role: number;
  certificatePem: string;
  privateKeyPem: string;
}

type RawKeystore = Record<
  string,
  Record<string, Record<string, { certificate: string; privateKey: string; name: string; role: number }>>
>;

/** Every entry of @smartdcc/dccboxed-keystore/keystore.json, flattened. */
export function loadKeystoreItems(): KeystoreItem[] {
  const raw = JSON.parse(
    readFileSync(require.resolve('@smartdcc/dccboxed-keystore/keystore.json'), 'utf8'),
  ) as RawKeystore;
  return Object.entries(raw).flatMap(([eui, byUsage]) =>
    Object.entries(byUsage).flatMap(([keyUsage, bySerial]) =>
      Object.values(bySerial).map((e) => ({
        eui: eui.toUpperCase(),
        keyUsage: keyUsage as KeystoreItem['keyUsage'],
        name: e.name,
        role: e.role,
        certificatePem: e.certificate,
        privateKeyPem: e.privateKey,
      })),
    ),
  );
}

/** One keystore entry by its `name` (e.g. `Z1-networkOperator-ds`). */
export function keystoreItem(name: string): KeystoreItem {
  const found = loadKeystoreItems().find((e) => e.name === name);
  if (!found) throw new Error(`no keystore entry ${name}`);
  return found;
}

/** The base64 text of every `<sr:NAME>` element in a template, decoded to DER. */
export function templateElements(xml: string, name: string): Uint8Array[] {
  const re = new RegExp(`<sr:${name}>\\s*([A-Za-z0-9+/=\\s]+?)\\s*</sr:${name}>`, 'g');
  return [...xml.matchAll(re)].map((m) => Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}

/**
 * The DCC's reference 6.15.1 NO-by-NO command (counter 1200, from the ZAZ1 NO 90B3D51F30020000 to
 * device 00DB1234567890A0), rebuilt from the DUIS template's certificates and signed with the ZAZ1
 * NO's DS key.
 */
export function zaz1NoByNoCommand(): Uint8Array {
  const xml = loadTemplate('CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML');
  const cell = (keyUsage: 'DS' | 'KA') => ({ role: 3, keyUsage, cellUsage: 'management' }) as const;
  return signKrp(
    buildCs02bCommand({
      originator: parseEui('90B3D51F30020000'),
      recipient: parseEui('00DB1234567890A0'),
      counter: 1200n,
      usc: {
        mode: CredentialsReplacementMode.networkOperatorByNetworkOperator,
        authorisingCell: cell('DS'),
        newFloorSeqNumber: 0n,
        replacements: [
          { certificate: templateElements(xml, 'DigitalSigningCertificate')[0]!, targetCell: cell('DS') },
          { certificate: templateElements(xml, 'KeyAgreementCertificate')[0]!, targetCell: cell('KA') },
        ],
        certificationPath: templateElements(xml, 'Certificate'),
      },
    }),
    signerFromPrivateKeyPem(keystoreItem('Z1-networkOperator-ds').privateKeyPem),
  );
}
