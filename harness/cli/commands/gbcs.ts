import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { KeyObject } from 'node:crypto';
import {
  CertsError,
  decodeCertificate,
  keyAgreementKeyFromPem,
  publicKeyFromSpki,
  pemToDerList,
  signerFromPrivateKeyPem,
  RemotePartyRole,
} from '../../../certs';
import {
  checkGbcsMac,
  decodeGbcs,
  decodeGbcsDateTime,
  decodeGeneralSigning,
  GbcsError,
  gbcsAlertName,
  gbcsDateTimeToDate,
  hex4,
  signKrp,
  verifyGbcs,
  verifyKrp,
  type DecodedGbcs,
  type GbcsKeystore,
} from '../../../simulator/gbcs';
import {
  buildWorld,
  createDccState,
  referencePki,
  step,
  USER_ROLES,
  type UserRole,
} from '../../../simulator';
import { readJsonFile } from '../files';
import { CliError, type CliIo } from '../io';
import { ONE_POLICY_HELP, onePolicyOption } from '../policy-option';
import type { CommandFactory } from '../command';
import {
  CapturesError,
  corpusSummaryLine,
  gbcsBytesOf,
  readGbcsKeystore,
  scanGbcsCorpus,
} from '../../captures';

/** Reads a file relative to the CLI working directory; unreadable files are a coded CLI error (exit 2). */
function readInput(io: CliIo, file: string): Buffer {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (cause) {
    throw new CliError('ERR_CLI_FILE', `cannot read ${file}`, 2, { cause });
  }
}

/** GBCS bytes from a file holding hex text (whitespace allowed) or raw binary. */
export function readGbcsBytes(io: CliIo, file: string): Uint8Array {
  return gbcsBytesOf(readInput(io, file));
}

/**
 * Corpus mode: every file under `paths`, one JSON line each on stdout, a summary on stderr; exit 0
 * when every line is ok, 1 otherwise (docs/gbcs-bytes.md, Corpus mode).
 */
function runCorpus(io: CliIo, paths: readonly string[], keystore?: GbcsKeystore): number {
  const summary = scanGbcsCorpus(paths, {
    cwd: io.cwd,
    write: io.stdout,
    ...(keystore ? { keystore } : {}),
  });
  io.stderr(`${corpusSummaryLine(summary)}\n`);
  return summary.ok === summary.files ? 0 : 1;
}

/** Reads a keystore folder; an unreadable folder or key file is a coded CLI error (exit 2). */
function readKeystoreDir(io: CliIo, dir: string): GbcsKeystore {
  try {
    return readGbcsKeystore(resolve(io.cwd, dir));
  } catch (err) {
    if (err instanceof CapturesError || err instanceof GbcsError)
      throw CliError.wrap(err, `keystore ${dir}: `);
    throw err;
  }
}

/** Corpus mode: `--lines`, several paths, or a folder. */
function isCorpus(io: CliIo, paths: readonly string[], lines: boolean | undefined): boolean {
  if (lines || paths.length !== 1) return true;
  try {
    return statSync(resolve(io.cwd, paths[0]!)).isDirectory();
  } catch {
    return false;
  }
}

/** JSON with bigint as decimal strings, bytes as hex (or base64) and dates as ISO text. */
export function toJson(value: unknown, bytes: 'hex' | 'base64' = 'hex'): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const original = this[key];
      if (typeof original === 'bigint') return original.toString();
      if (original instanceof Uint8Array) return Buffer.from(original).toString(bytes);
      if (original instanceof Date) return original.toISOString();
      return v;
    },
    2,
  );
}

/** Runs a GBCS decoder, turning its coded error into a one-line CLI error (exit 2). */
function decodeOrFail<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GbcsError) throw new CliError(err.code, err.message, 2, { cause: err });
    throw err;
  }
}

/**
 * The detailed JSON document of one decoded message: the General-Ciphering wrapper (when there was
 * one), every field of the General-Signing APDU (its form: pre-command, signed or unsigned), the
 * message code with GBCS's use case, the content as decoded (CS02b command, response or alert, a DLMS
 * device alert) and everything the decoder noticed under `findings`.
 */
export function describeDecoded(d: DecodedGbcs): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...(d.generalCiphering
      ? {
          generalCiphering: {
            securityHeader: d.generalCiphering.securityHeader,
            mac: d.generalCiphering.mac,
          },
        }
      : {}),
    ok: d.payloadError === undefined,
    envelope: d.envelope,
    ...d.generalSigning,
    messageCodeHex: `0x${d.messageCode.toString(16).padStart(4, '0')}`,
    ...(d.useCase ? { useCase: d.useCase } : {}),
    cra: d.cra,
    contentKind: d.content.kind,
  };
  delete out.findings;
  const content = d.content;
  switch (content.kind) {
    case 'cs02b-command':
      out.updateSecurityCredentials = content.updateSecurityCredentials;
      break;
    case 'cs02b-response':
      out.updateSecurityCredentialsResponse = { commandAccepted: true, ...content.response.executionOutcome };
      break;
    case 'cs02b-alert':
      out.updateSecurityCredentialsAlert = content.alert;
      break;
    case 'dlms-alert': {
      const body = content.alert;
      const dateTime = decodeGbcsDateTime(body.dateTime);
      const at = gbcsDateTimeToDate(dateTime);
      const name = gbcsAlertName(body.alertCode);
      out.alert = {
        alertCode: body.alertCode,
        alertCodeHex: hex4(body.alertCode),
        ...(name ? { name } : {}),
        dateTime: body.dateTime,
        decodedDateTime: dateTime,
        ...(at ? { at } : {}),
        invokeIdAndPriority: `0x${body.invokeIdAndPriority.toString(16).padStart(8, '0')}`,
        payload: body.payload,
      };
      break;
    }
    case 'bytes':
      break;
    default: {
      const never: never = content;
      throw new Error(`unhandled content ${String(never)}`);
    }
  }
  if (d.findings.length > 0) out.findings = d.findings;
  if (d.payloadError) out.payloadError = d.payloadError;
  return out;
}

/** Reads a key-agreement private key PEM (EC P-256); a bad file is a coded CLI error. */
function readKeyAgreementKey(io: CliIo, file: string): KeyObject {
  try {
    return keyAgreementKeyFromPem(readInput(io, file).toString('utf8')).privateKey;
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError('ERR_KEY_DECODE', `${file} is not an EC P-256 private key`, 2, { cause });
  }
}

/** Reads the other end's KA public key: a certificate (PEM or DER) or a SubjectPublicKeyInfo PEM. */
function readPublicKey(io: CliIo, file: string): KeyObject {
  const raw = readInput(io, file);
  const text = raw.toString('utf8');
  try {
    if (text.includes('-----BEGIN PUBLIC KEY-----')) {
      const [spki] = pemToDerList(text);
      if (spki) return publicKeyFromSpki(spki);
    }
    const cert = decodeCertificate(text.includes('-----BEGIN') ? text : Uint8Array.from(raw));
    if (cert.publicKey) return cert.publicKey;
  } catch (cause) {
    if (!(cause instanceof CertsError)) throw cause;
    throw new CliError('ERR_CERT_DECODE', `${file} is not a certificate or P-256 public key`, 2, { cause });
  }
  throw new CliError('ERR_CERT_DECODE', `${file} has no P-256 public key`, 2);
}

/** Reads a certificate file: PEM text or raw DER. */
function readCertificate(io: CliIo, file: string): ReturnType<typeof decodeCertificate> {
  const raw = readInput(io, file);
  try {
    return decodeCertificate(raw.includes('-----BEGIN') ? raw.toString('utf8') : Uint8Array.from(raw));
  } catch (cause) {
    throw new CliError('ERR_CERT_DECODE', `${file} is not a certificate`, 2, { cause });
  }
}

/**
 * `smets1 gbcs decode|verify|sign|submit`: inspect, verify (signature and MAC), KRP-sign General-Signing
 * APDUs (CS02b), and run given bytes through the reference DCC.
 */
export const gbcsCommand: CommandFactory = (io, setExit) => {
  const gbcs = new Command('gbcs').description(
    'GBCS messages: decode and verify (one file or a corpus), sign KRP signatures (CS02b), submit to the reference DCC',
  );
  /** The one-file check with a given certificate (and optionally a KA key pair for the MAC). */
  function verifyWithCert(file: string, certFile: string, macKey?: string, macCert?: string): void {
    const decoded = decodeOrFail(() => decodeGbcs(readGbcsBytes(io, file)));
    const cert = readCertificate(io, certFile);
    if (!cert.publicKey) throw new CliError('ERR_CERT_DECODE', `${certFile} has no P-256 public key`, 2);
    const signatureValid = verifyKrp(decoded.generalSigningBytes, cert.publicKey);
    const signatureReason = !decoded.signature
      ? 'KRP_UNSIGNED'
      : signatureValid
        ? 'KRP_SIGNATURE_VALID'
        : 'KRP_SIGNATURE_INVALID';
    let mac: { valid: boolean; reason: string } | undefined;
    if (macKey !== undefined && macCert !== undefined) {
      const own = readKeyAgreementKey(io, macKey);
      const peer = readPublicKey(io, macCert);
      mac = !decoded.generalCiphering
        ? { valid: false, reason: 'MAC_ABSENT' }
        : checkGbcsMac(decoded.generalCiphering, own, peer)
          ? { valid: true, reason: 'MAC_VALID' }
          : { valid: false, reason: 'MAC_INVALID' };
    }
    const valid = signatureValid && (mac?.valid ?? true);
    const failed = [...(signatureValid ? [] : ['signature']), ...(mac && !mac.valid ? ['mac'] : [])];
    io.stdout(
      `${toJson({
        valid,
        reason: signatureValid && mac && !mac.valid ? mac.reason : signatureReason,
        failed,
        signature: { valid: signatureValid, reason: signatureReason },
        ...(mac ? { mac } : {}),
        originator: decoded.originator,
        certificateEui: cert.eui,
        certificateId: cert.certificateId,
      })}\n`,
    );
    setExit(valid ? 0 : 1);
  }
  gbcs
    .command('decode')
    .description(
      'decode GBCS messages (hex text or binary): General-Signing (pre-command, signed, unsigned) bare or in General-Ciphering, any use case. One file: a JSON document (CS02b and alert content decoded). Several files or folders: one JSON line per file and a summary on stderr. Exit 0 all decoded, 1 a content did not decode (its header is shown), 2 unreadable',
    )
    .argument('<paths...>', 'APDU files or folders')
    .option('--json', 'print JSON (always the output format of this command)')
    .option('--lines', 'one JSON line per file and a stderr summary even for one file')
    .action((paths: string[], opts: { lines?: boolean }) => {
      if (isCorpus(io, paths, opts.lines)) {
        setExit(runCorpus(io, paths));
        return;
      }
      const decoded = decodeOrFail(() => decodeGbcs(readGbcsBytes(io, paths[0]!)));
      io.stdout(`${toJson(describeDecoded(decoded))}\n`);
      setExit(decoded.payloadError ? 1 : 0);
    });
  gbcs
    .command('verify')
    .description(
      "verify GBCS messages: with --keystore DIR (files <EUI>-ds.pem, -ka.pem, -ds.key, -ka.key) the signature with the originator's DS key and the General-Ciphering MAC with the key-agreement keys GBCS names, reported apart (valid, invalid, no-key, unsigned / absent), for one file (a JSON document) or many files and folders (one JSON line each, a stderr summary); or, for one file, with --cert and optionally --mac-key/--mac-cert. Exit 0 nothing invalid, 1 an invalid signature or MAC or a content that did not decode, 2 unreadable",
    )
    .argument('<paths...>', 'General-Signing (DF) or General-Ciphering (DD) APDU files or folders')
    .option('--json', 'print JSON (always the output format of this command)')
    .option('--lines', 'one JSON line per file and a stderr summary even for one file')
    .option('--keystore <dir>', 'keystore folder: <16 hex EUI>-ds.pem, -ka.pem, -ds.key, -ka.key')
    .option('--cert <pem>', 'signer certificate (PEM or DER), one file only')
    .option('--mac-key <pem>', 'key-agreement private key of one end (PKCS#8 or SEC1 PEM)')
    .option('--mac-cert <pem>', 'key-agreement certificate or public key (PEM) of the other end')
    .action(
      (
        paths: string[],
        opts: { lines?: boolean; keystore?: string; cert?: string; macKey?: string; macCert?: string },
      ) => {
        if ((opts.keystore === undefined) === (opts.cert === undefined))
          throw new CliError('ERR_CLI_OPTION', 'give either --keystore DIR or --cert PEM', 2);
        if ((opts.macKey === undefined) !== (opts.macCert === undefined))
          throw new CliError('ERR_CLI_OPTION', '--mac-key and --mac-cert go together', 2);
        if (opts.keystore !== undefined) {
          if (opts.macKey !== undefined)
            throw new CliError('ERR_CLI_OPTION', '--mac-key/--mac-cert go with --cert, not --keystore', 2);
          const keystore = readKeystoreDir(io, opts.keystore);
          if (isCorpus(io, paths, opts.lines)) {
            setExit(runCorpus(io, paths, keystore));
            return;
          }
          const decoded = decodeOrFail(() => decodeGbcs(readGbcsBytes(io, paths[0]!)));
          const v = verifyGbcs(decoded, keystore);
          const ok =
            decoded.payloadError === undefined &&
            v.signature.status !== 'invalid' &&
            v.mac.status !== 'invalid';
          io.stdout(
            `${toJson({
              ok,
              signature: v.signature,
              mac: v.mac,
              envelope: decoded.envelope,
              form: decoded.form,
              cra: decoded.cra,
              messageCodeHex: hex4(decoded.messageCode),
              ...(decoded.useCase ? { useCase: decoded.useCase } : {}),
              originator: decoded.originator,
              recipient: decoded.recipient,
              originatorCounter: decoded.counter,
              ...(decoded.findings.length > 0 ? { findings: decoded.findings } : {}),
              ...(decoded.payloadError ? { payloadError: decoded.payloadError } : {}),
            })}\n`,
          );
          setExit(ok ? 0 : 1);
          return;
        }
        if (paths.length !== 1)
          throw new CliError('ERR_CLI_ARGUMENT', '--cert verifies one file; use --keystore for many', 2);
        verifyWithCert(paths[0]!, opts.cert!, opts.macKey, opts.macCert);
      },
    );
  gbcs
    .command('sign')
    .description('KRP-sign an unsigned General-Signing APDU; writes the signed APDU as hex')
    .argument('<file>', 'unsigned APDU file')
    .requiredOption('--key <pem>', 'private key PEM (PKCS#8 or SEC1)')
    .action((file: string, opts: { key: string }) => {
      const apdu = decodeOrFail(() => decodeGeneralSigning(readGbcsBytes(io, file)));
      let signer;
      try {
        signer = signerFromPrivateKeyPem(readInput(io, opts.key).toString('utf8'));
      } catch (cause) {
        if (cause instanceof CliError) throw cause;
        throw new CliError('ERR_KEY_DECODE', `${opts.key} is not an EC P-256 private key`, 2, { cause });
      }
      const signed = decodeOrFail(() => signKrp(apdu, signer));
      io.stdout(`${Buffer.from(signed).toString('hex')}\n`);
    });
  gbcs
    .command('submit')
    .description(
      'run signed GBCS bytes (a CS02b 6.15.1 or 7.1/7.2 command, bare or General-Ciphering wrapped as the DCC delivers it: the MAC is checked at a SMETS2 device when the world holds the keys) through the reference DCC over a world file; prints the verdict, the per-cell outcomes, the device response and any alert the device raised; exit 0 accepted, 1 refused, 2 bad input',
    )
    .argument('<file>', 'signed General-Signing APDU, or General-Ciphering around one (hex text or binary)')
    .requiredOption('--world <file>', 'world file (smets1 world writes one)')
    .option('--policy <policy>', `the DCC's policy, ${ONE_POLICY_HELP}`, 'legacy')
    .option(
      '--user-role <role>',
      `the sender's user role (${USER_ROLES.join(', ')}); inferred when it holds one`,
    )
    .option('--at <iso>', 'request time, ISO 8601 (default: now)')
    .option('--json', 'print JSON (always the output format of this command)')
    .addHelpText(
      'after',
      '\nExample:\n  smets1 world --scenario KRP-MIS-001 --out world.json\n  smets1 gbcs submit --world world.json --policy corrective signed.hex',
    )
    .action((file: string, opts: { world: string; policy: string; userRole?: string; at?: string }) => {
      const policy = onePolicyOption(io, opts.policy);
      if (opts.userRole !== undefined && !USER_ROLES.includes(opts.userRole as UserRole))
        throw new CliError('ERR_CLI_OPTION', `--user-role must be one of ${USER_ROLES.join(', ')}`, 2);
      const at = opts.at === undefined ? new Date() : new Date(opts.at);
      if (Number.isNaN(at.getTime()))
        throw new CliError('ERR_CLI_OPTION', `--at ${JSON.stringify(opts.at)} is not a date-time`, 2);
      const bytes = readGbcsBytes(io, file);
      const built = buildWorld(readJsonFile(io, opts.world));
      const acb = referencePki().parties.find((p) => p.role === RemotePartyRole.accessControlBroker);
      if (!acb) throw new Error('the reference PKI has no ACB party');
      const result = step(
        createDccState(built.world, built.devices),
        {
          kind: 'gbcs',
          bytes,
          at,
          ...(opts.userRole === undefined ? {} : { userRole: opts.userRole as UserRole }),
        },
        { policy, acbSigner: acb.ds.signer },
      );
      const response = result.response!;
      const v = response.verdict;
      const gbcsResponse = response.gbcsResponse;
      let decodedResponse: Record<string, unknown> | undefined;
      if (gbcsResponse) {
        // Under the SMETS2 model a SMETS2 device's response is General-Ciphering-wrapped.
        decodedResponse = describeDecoded(decodeGbcs(gbcsResponse));
      }
      // the alerts the device raised (a SMETS2 device's 0x8F70 after an update), signed GBCS alert APDUs
      const alerts = result.events.flatMap((e) =>
        e.type === 'device:alert'
          ? [{ alertCode: e.alertCode, alert: e.alert, decodedAlert: describeDecoded(decodeGbcs(e.alert)) }]
          : [],
      );
      io.stdout(
        `${toJson({
          key: response.key,
          srv: response.srv,
          policy: typeof policy === 'string' ? policy : policy.name,
          outcome: v.outcome,
          duisCode: v.duisCode,
          ...(v.outcome === 'rejected'
            ? { code: v.code, stage: v.stage, detail: v.detail }
            : v.waiver
              ? { waiver: v.waiver }
              : {}),
          ...(response.outcomes ? { outcomes: response.outcomes } : {}),
          ...(gbcsResponse ? { response: gbcsResponse, decodedResponse } : {}),
          ...(response.responseMac ? { responseMac: response.responseMac } : {}),
          ...(alerts.length > 0 ? { alerts } : {}),
        })}\n`,
      );
      setExit(v.outcome === 'accepted' ? 0 : 1);
    });
  return gbcs;
};
