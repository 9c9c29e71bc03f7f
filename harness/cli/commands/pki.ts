import { resolve } from 'node:path';
import { Command } from 'commander';
import {
  CertsError,
  defaultPartySpecs,
  derToPem,
  formatEuiHyphenated,
  issueTestPki,
  parseEui,
  type CredentialPair,
  type Eui,
} from '../../../certs';
import { deviceKeys, referencePki } from '../../../simulator';
import type { KeyObject } from 'node:crypto';
import { lockOutput, OUTPUT_KINDS, writeOutputSet, type KindedFile, type OutputKind } from '../../io';
import { CliError } from '../io';
import type { CommandFactory } from '../command';

function count(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new CliError('ERR_CLI_ARGUMENT', `--${name} must be a whole number from 0 to 1000, got ${value}`);
  return n;
}

function date(value: string, name: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new CliError('ERR_CLI_ARGUMENT', `--${name} is not a date: ${value}`);
  return d;
}

/** The most simulated devices `--devices` takes. */
const MAX_DEVICES = 1000;

/** `--devices`: comma-separated device EUIs (hyphens optional), each at most once. */
function deviceList(value: string): Eui[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.length > MAX_DEVICES)
    throw new CliError(
      'ERR_CLI_ARGUMENT',
      `--devices takes at most ${MAX_DEVICES} EUIs, got ${items.length}`,
    );
  const out: Eui[] = [];
  for (const item of items) {
    let eui: Eui;
    try {
      eui = parseEui(item);
    } catch (cause) {
      if (cause instanceof CertsError)
        throw new CliError(
          'ERR_CLI_ARGUMENT',
          `--devices: ${JSON.stringify(item)} is not an EUI (16 hex digits)`,
        );
      throw cause;
    }
    if (out.includes(eui)) throw new CliError('ERR_CLI_ARGUMENT', `--devices names ${item} twice`);
    out.push(eui);
  }
  return out;
}

/** A SubjectPublicKeyInfo PEM (a device's public key: the keystore layout takes one where it has no certificate). */
const PUBLIC_KEY: OutputKind = {
  name: 'PEM public key',
  accepts: (existing) => existing.subarray(0, 64).toString('utf8').startsWith('-----BEGIN PUBLIC KEY-----'),
};

const spkiPem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();
const pkcs8Pem = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }).toString();

/** One EUI's files in the GBCS keystore layout (`smets1 gbcs verify --keystore` reads it). */
interface KeystoreEntry {
  readonly eui: string;
  /** The party (or `device`) whose keys these are. */
  readonly owner: string;
  readonly files: readonly string[];
}

/** `smets1 pki`: writes a deterministic SMKI-profile test PKI (PEM certificates, keys, manifest). */
export const pkiCommand: CommandFactory = (io) =>
  new Command('pki')
    .description(
      'Generate a deterministic test PKI in the SMKI organisation profile (root, org CA, NO/supplier/ACB DS+KA)',
    )
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <seed>', 'seed: the same seed gives byte-identical certificates and keys (default: 1)')
    .option('--nos <n>', 'number of network operators', '3')
    .option('--suppliers <n>', 'number of suppliers', '2')
    .option('--not-before <date>', 'validity start', '2015-01-01T00:00:00Z')
    .option('--not-after <date>', 'validity end', '2035-01-01T00:00:00Z')
    .option(
      '--reference',
      'the PKI of the reference world (smets1 world, the demo): NO-A..NO-D, GT-G, SUP-1, SUP-2, ACB; seed smets1-harness unless --seed',
    )
    .option(
      '--gbcs-keystore',
      "also write every party's keys in the GBCS keystore layout that `gbcs verify --keystore` reads: <16 hex EUI>-ds.pem, -ds.key, -ka.pem, -ka.key",
    )
    .option(
      '--devices <euis>',
      "with --gbcs-keystore: also the keys of these simulated devices (comma-separated EUIs; the reference's SMETS2 device keys, public keys as -ds.pem / -ka.pem)",
    )
    .option('--json', 'print the manifest as JSON')
    .option('--force', 'replace existing private keys with other ones, and files of another kind')
    .addHelpText(
      'after',
      '\nExample:\n  smets1 pki --out pki --seed 1 --nos 3 --suppliers 2\n  smets1 pki --reference --out ref --gbcs-keystore --devices 00-DB-12-34-56-78-90-A0   # + ref/90B3D51F30030001-ds.pem, -ds.key, ...\n  smets1 gbcs verify --keystore ref signed.hex\n\nPrivate keys are written as PKCS#8 PEM files next to the certificates: test use only.',
    )
    .action(
      (opts: {
        out: string;
        seed?: string;
        nos: string;
        suppliers: string;
        notBefore: string;
        notAfter: string;
        reference?: boolean;
        gbcsKeystore?: boolean;
        devices?: string;
        json?: boolean;
        force?: boolean;
      }) => {
        if (opts.devices !== undefined && !opts.gbcsKeystore)
          throw new CliError('ERR_CLI_OPTION', '--devices goes with --gbcs-keystore', 2);
        const devices = opts.devices === undefined ? [] : deviceList(opts.devices);
        const pki = opts.reference
          ? referencePki(opts.seed ?? 'smets1-harness')
          : issueTestPki({
              seed: opts.seed ?? '1',
              parties: defaultPartySpecs({
                nos: count(opts.nos, 'nos'),
                suppliers: count(opts.suppliers, 'suppliers'),
              }),
              notBefore: date(opts.notBefore, 'not-before'),
              notAfter: date(opts.notAfter, 'not-after'),
            });
        const files: {
          name: string;
          eui: string | null;
          role: number | null;
          keyUsage: string | null;
          certificate: string;
          key: string;
          certificateId: string;
        }[] = [];
        const set: KindedFile[] = [];
        const write = (name: string, pair: CredentialPair) => {
          const cert = `${name}.pem`;
          const key = `${name}.key.pem`;
          set.push({ name: cert, kind: OUTPUT_KINDS.certificate, content: derToPem(pair.certificate.der) });
          set.push({
            name: key,
            kind: OUTPUT_KINDS.privateKey,
            content: pair.signer.exportPrivateKeyPem(),
            mode: 0o600,
          });
          const c = pair.certificate;
          files.push({
            name,
            eui: c.eui ? formatEuiHyphenated(c.eui) : null,
            role: c.role ?? null,
            keyUsage: c.keyUsage ?? null,
            certificate: cert,
            key,
            certificateId: c.certificateId,
          });
        };
        write('root', pki.root);
        write('ca', pki.ca);
        for (const p of pki.parties) {
          write(`${p.name}-ds`, p.ds);
          write(`${p.name}-ka`, p.ka);
        }
        const keystore: KeystoreEntry[] = [];
        if (opts.gbcsKeystore) {
          const add = (eui: Eui, owner: string, entries: readonly [string, KindedFile['kind'], string][]) => {
            const hex = String(eui);
            if (keystore.some((k) => k.eui === hex))
              throw new CliError('ERR_CLI_ARGUMENT', `${owner} has the EUI ${hex} of another keystore entry`);
            const names: string[] = [];
            for (const [suffix, kind, content] of entries) {
              const name = `${hex}-${suffix}`;
              names.push(name);
              set.push({ name, kind, content, ...(kind === OUTPUT_KINDS.privateKey ? { mode: 0o600 } : {}) });
            }
            keystore.push({ eui: hex, owner, files: names });
          };
          for (const p of pki.parties) {
            const eui = p.ds.certificate.eui;
            if (!eui) continue;
            add(eui, p.name, [
              ['ds.pem', OUTPUT_KINDS.certificate, derToPem(p.ds.certificate.der)],
              ['ds.key', OUTPUT_KINDS.privateKey, p.ds.signer.exportPrivateKeyPem()],
              ['ka.pem', OUTPUT_KINDS.certificate, derToPem(p.ka.certificate.der)],
              ['ka.key', OUTPUT_KINDS.privateKey, p.ka.signer.exportPrivateKeyPem()],
            ]);
          }
          for (const eui of devices) {
            const k = deviceKeys(eui);
            add(eui, 'device', [
              ['ds.pem', PUBLIC_KEY, spkiPem(k.ds.publicKey)],
              ['ds.key', OUTPUT_KINDS.privateKey, k.ds.exportPrivateKeyPem()],
              ['ka.pem', PUBLIC_KEY, spkiPem(k.ka.publicKey)],
              ['ka.key', OUTPUT_KINDS.privateKey, pkcs8Pem(k.ka.privateKey)],
            ]);
          }
        }
        const manifest = {
          seed: pki.seed,
          anchor: 'root.pem',
          organisationCa: 'ca.pem',
          files,
          ...(opts.gbcsKeystore ? { gbcsKeystore: keystore } : {}),
        };
        set.push({
          name: 'manifest.json',
          kind: OUTPUT_KINDS.pkiManifest,
          content: `${JSON.stringify(manifest, null, 2)}\n`,
        });
        const dir = resolve(io.cwd, opts.out);
        const lock = lockOutput(dir, 'pki');
        try {
          writeOutputSet(dir, set, { force: Boolean(opts.force) });
        } finally {
          lock.release();
        }
        if (opts.json) io.stdout(`${JSON.stringify(manifest, null, 2)}\n`);
        else
          io.stdout(
            `wrote ${files.length} certificates and keys${
              opts.gbcsKeystore ? `, the GBCS keystore files of ${keystore.length} EUIs` : ''
            } and manifest.json to ${opts.out}\n`,
          );
      },
    );
