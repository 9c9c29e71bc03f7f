import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Test-only loaders for the public DCC ZAZ1 material (GPL devDependencies, read from node_modules at
 * test time, never copied into the repository).
 */
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

/** The text of one DUIS template of @smartdcc/duis-templates. */
export function loadDuisTemplate(file: string): string {
  const dir = join(dirname(require.resolve('@smartdcc/duis-templates/package.json')), 'templates');
  return readFileSync(join(dir, file), 'utf8');
}

/** The base64 text of every `<sr:NAME>` element in a template, decoded to DER. */
export function templateElements(xml: string, name: string): Uint8Array[] {
  const re = new RegExp(`<sr:${name}>\\s*([A-Za-z0-9+/=\\s]+?)\\s*</sr:${name}>`, 'g');
  return [...xml.matchAll(re)].map((m) => Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}
