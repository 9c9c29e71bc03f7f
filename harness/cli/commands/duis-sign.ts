import type { Command } from 'commander';
import {
  CertsError,
  decodeCertificate,
  loadDccKeystore,
  parseEui,
  pemToDerList,
  signerFromPrivateKeyPem,
  spkiOf,
  type CredentialPair,
  type OrgCertificate,
} from '../../../certs';
import { DuisError } from '../../../simulator/duis';
import { signDuisXml, verifyDuisXml, type XmlSigTrust } from '../../../simulator/duis/xmldsig';
import { readInputFile, readJsonFile, writeOutputFile } from '../files';
import { CliError, type CliIo } from '../io';

function coded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DuisError || err instanceof CertsError)
      throw new CliError(err.code, err.message, 2, { cause: err });
    throw err;
  }
}

/** Every certificate in a PEM (one or more blocks) or DER file. */
function readCertificates(io: CliIo, file: string): OrgCertificate[] {
  const raw = readInputFile(io, file);
  return coded(() =>
    raw.includes('-----BEGIN')
      ? pemToDerList(raw.toString('utf8')).map((der) => decodeCertificate(der))
      : [decodeCertificate(Uint8Array.from(raw))],
  );
}

/** The certificates of a DCC Boxed keystore.json (as shipped by @smartdcc/dccboxed-keystore). */
function readKeystoreCertificates(io: CliIo, file: string): OrgCertificate[] {
  const json = readJsonFile(io, file);
  return coded(() => loadDccKeystore(json).map((e) => e.pair.certificate));
}

interface SignOptions {
  key: string;
  cert: string;
  out?: string;
}

interface VerifyCliOptions {
  cert?: string[];
  keystore?: string;
  anchor?: string;
  path?: string[];
  at?: string;
  dccEui?: string;
  json?: boolean;
}

function trustFrom(io: CliIo, o: VerifyCliOptions): XmlSigTrust {
  if (!o.cert?.length && !o.keystore)
    throw new CliError('ERR_CLI_OPTION', 'give --cert CERT... or --keystore FILE', 2);
  // --cert names certificates one by one (pinned: any OU); a keystore is looked up (OU rule)
  const pinned = (o.cert ?? []).flatMap((f) => readCertificates(io, f));
  const certificates = o.keystore ? readKeystoreCertificates(io, o.keystore) : [];
  const at = o.at === undefined ? undefined : new Date(o.at);
  if (at && Number.isNaN(at.getTime())) throw new CliError('ERR_CLI_OPTION', `--at ${o.at} is not a date`, 2);
  const anchor = o.anchor ? readCertificates(io, o.anchor)[0] : undefined;
  return {
    certificates,
    pinned,
    ...(anchor ? { anchor } : {}),
    ...(o.path ? { intermediates: o.path.flatMap((f) => readCertificates(io, f)) } : {}),
    ...(at ? { at } : {}),
    ...(o.dccEui ? { dccEui: coded(() => parseEui(o.dccEui!)) } : {}),
  };
}

/** Adds `duis sign` and `duis verify` (XML-DSig in the DUIS profile) to the `duis` command. */
export function addDuisSignatureCommands(duis: Command, io: CliIo, setExit: (code: number) => void): void {
  duis
    .command('sign')
    .description('sign DUIS XML as the DCC does (enveloped ds:Signature, ecdsa-sha256, X509IssuerSerial)')
    .argument('<file>', 'DUIS XML file')
    .requiredOption('--key <pem>', 'the XML-signing private key (PEM)')
    .requiredOption('--cert <pem>', 'the XML-signing certificate (PEM or DER)')
    .option('--out <file>', 'write the signed XML here instead of stdout')
    .action((file: string, o: SignOptions) => {
      const xml = readInputFile(io, file).toString('utf8');
      const certificate = readCertificates(io, o.cert)[0]!;
      const signer = coded(() => signerFromPrivateKeyPem(readInputFile(io, o.key).toString('utf8')));
      if (!Buffer.from(spkiOf(signer.publicKey)).equals(Buffer.from(certificate.spki)))
        throw new CliError('ERR_KEY_DECODE', `${o.key} is not the key of ${o.cert}`, 2);
      const pair: CredentialPair = { certificate, signer };
      const signed = coded(() => signDuisXml(xml, pair));
      if (o.out) writeOutputFile(io, o.out, signed);
      else io.stdout(`${signed}\n`);
    });
  duis
    .command('verify')
    .description('verify a signed DUIS document; exit 0 valid, 1 invalid, 2 unreadable')
    .argument('<file>', 'signed DUIS XML file')
    .option(
      '--cert <certs...>',
      'signer certificates named one by one (PEM or DER): accepted whatever their OU; trusted as they are unless --anchor',
    )
    .option('--keystore <file>', 'a DCC Boxed keystore.json holding the candidate signers')
    .option('--anchor <cert>', 'require the signer to chain to this root')
    .option('--path <certs...>', 'intermediate CA certificates for --anchor')
    .option('--at <iso>', 'check certificate validity at this time')
    .option('--dcc-eui <eui>', "the DCC's EUI (a Response must be signed by it)")
    .option('--json', 'print the verdict as JSON')
    .action((file: string, o: VerifyCliOptions) => {
      const xml = readInputFile(io, file).toString('utf8');
      const trust = trustFrom(io, o);
      const verdict = coded(() => verifyDuisXml(xml, trust));
      const report = verdict.ok
        ? {
            valid: true,
            signer: {
              eui: verdict.signer.eui,
              role: verdict.signer.role,
              certificateId: verdict.signer.certificateId,
            },
          }
        : { valid: false, code: verdict.code, detail: verdict.detail };
      if (o.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else
        io.stdout(
          verdict.ok
            ? `valid: signed by ${verdict.signer.eui ?? '?'} (${verdict.signer.certificateId})\n`
            : `invalid: ${verdict.code}: ${verdict.detail}\n`,
        );
      setExit(verdict.ok ? 0 : 1);
    });
}
