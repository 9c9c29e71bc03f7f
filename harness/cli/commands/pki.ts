import { resolve } from 'node:path';
import { Command } from 'commander';
import {
  defaultPartySpecs,
  derToPem,
  formatEuiHyphenated,
  issueTestPki,
  type CredentialPair,
} from '../../../certs';
import { referencePki } from '../../../simulator';
import { lockOutput, OUTPUT_KINDS, writeOutputSet, type KindedFile } from '../../io';
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
    .option('--json', 'print the manifest as JSON')
    .option('--force', 'replace existing private keys with other ones, and files of another kind')
    .addHelpText(
      'after',
      '\nExample:\n  smets1 pki --out pki --seed 1 --nos 3 --suppliers 2\n\nPrivate keys are written as PKCS#8 PEM files next to the certificates: test use only.',
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
        json?: boolean;
        force?: boolean;
      }) => {
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
        const manifest = { seed: pki.seed, anchor: 'root.pem', organisationCa: 'ca.pem', files };
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
        else io.stdout(`wrote ${files.length} certificates and keys and manifest.json to ${opts.out}\n`);
      },
    );
