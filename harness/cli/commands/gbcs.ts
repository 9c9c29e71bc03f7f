import { readFileSync } from 'node:fs';
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
  decodeAlertContent,
  decodeGbcsDateTime,
  decodeGeneralCiphering,
  decodeGeneralSigning,
  decodeUpdateSecurityCredentials,
  decodeUscResponse,
  GbcsError,
  gbcsAlertName,
  gbcsDateTimeToDate,
  isCredentialsReplacementMode,
  signKrp,
  verifyKrp,
  CS02B_MESSAGE_CODE_BASE,
  type DecodedGeneralCiphering,
  type AlertFinding,
  type DecodedGeneralSigningApdu,
  type GbcsFinding,
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
import { onePolicyOption } from '../policy-option';
import type { CommandFactory } from '../command';

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
  const raw = readInput(io, file);
  const text = raw.toString('latin1').replace(/\s+/g, '');
  const isHex = text.length > 0 && text.length % 2 === 0 && /^[0-9A-Fa-f]+$/.test(text);
  return Uint8Array.from(isHex ? Buffer.from(text, 'hex') : raw);
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
 * The decoded APDU (its form: pre-command, signed or unsigned) plus, for a CS02b message code, the
 * decoded UpdateSecurityCredentials command or response content; tolerated non-canonical forms are
 * listed under `findings`.
 */
function describeApdu(apdu: DecodedGeneralSigningApdu): Record<string, unknown> {
  const mode = apdu.messageCode - CS02B_MESSAGE_CODE_BASE;
  const out: Record<string, unknown> = {
    ...apdu,
    messageCodeHex: `0x${apdu.messageCode.toString(16).padStart(4, '0')}`,
  };
  if (apdu.craFlag === 3 && apdu.content[0] === 0x0f) {
    // A device alert: the DLMS Data-Notification { alert code, date-time, payload } (docs/gbcs-bytes.md)
    const lengths: GbcsFinding[] = [];
    const body = decodeAlertContent(apdu.content, lengths);
    const findings: AlertFinding[] = [...lengths];
    const dateTime = decodeGbcsDateTime(body.dateTime);
    out.alert = {
      alertCode: body.alertCode,
      alertCodeHex: `0x${body.alertCode.toString(16).padStart(4, '0').toUpperCase()}`,
      ...(gbcsAlertName(body.alertCode) ? { name: gbcsAlertName(body.alertCode) } : {}),
      dateTime: body.dateTime,
      decodedDateTime: dateTime,
      ...(gbcsDateTimeToDate(dateTime) ? { at: gbcsDateTimeToDate(dateTime) } : {}),
      invokeIdAndPriority: `0x${body.invokeIdAndPriority.toString(16).padStart(8, '0')}`,
      payload: body.payload,
    };
    if (body.alertCode !== apdu.messageCode)
      findings.push({
        code: 'ALERT_MESSAGE_CODE',
        offset: 0,
        detail: `message code ${String(out.messageCodeHex)} carries alert ${String((out.alert as { alertCodeHex: string }).alertCodeHex)}`,
      });
    if (findings.length > 0) out.contentFindings = findings;
  } else if (isCredentialsReplacementMode(mode)) {
    if (apdu.craFlag === 1) out.updateSecurityCredentials = decodeUpdateSecurityCredentials(apdu.content);
    else {
      const findings: GbcsFinding[] = [];
      out.updateSecurityCredentialsResponse = decodeUscResponse(apdu.content, findings);
      if (findings.length > 0) out.contentFindings = findings;
    }
  }
  return out;
}

/** A GBCS message: a General-Signing APDU, bare or inside a General-Ciphering wrapper. */
interface GbcsMessage {
  readonly apdu: DecodedGeneralSigningApdu;
  readonly generalSigningBytes: Uint8Array;
  readonly wrapper?: DecodedGeneralCiphering;
}

/** Decodes General-Ciphering (`DD`) or General-Signing (`DF`) bytes; throws only GbcsError. */
function decodeMessage(bytes: Uint8Array): GbcsMessage {
  if (bytes[0] === 0xdd) {
    const wrapper = decodeGeneralCiphering(bytes);
    return { apdu: wrapper.generalSigning, generalSigningBytes: wrapper.generalSigningBytes, wrapper };
  }
  return { apdu: decodeGeneralSigning(bytes), generalSigningBytes: bytes };
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
    'GBCS General-Signing APDUs: decode, verify and sign KRP signatures (CS02b)',
  );
  gbcs
    .command('decode')
    .description(
      'decode a General-Signing APDU (hex text or binary) to JSON, saying which form it is (pre-command, signed, unsigned); CS02b content is decoded too',
    )
    .argument('<file>', 'APDU file')
    .option('--json', 'print JSON (always the output format of this command)')
    .action((file: string) => {
      const message = decodeOrFail(() => decodeMessage(readGbcsBytes(io, file)));
      const described = decodeOrFail(() => describeApdu(message.apdu));
      const out = message.wrapper
        ? {
            generalCiphering: {
              securityHeader: message.wrapper.securityHeader,
              mac: message.wrapper.mac,
              ...(message.wrapper.findings ? { findings: message.wrapper.findings } : {}),
            },
            ...described,
          }
        : described;
      io.stdout(`${toJson(out)}\n`);
    });
  gbcs
    .command('verify')
    .description(
      "verify the KRP signature with a certificate and, for a General-Ciphering APDU, the GBCS MAC with a KA private key and the other end's KA certificate (or public key); exit 0 valid, 1 invalid, 2 unreadable",
    )
    .argument('<file>', 'General-Signing (DF) or General-Ciphering (DD) APDU file')
    .option('--json', 'print JSON (always the output format of this command)')
    .requiredOption('--cert <pem>', 'signer certificate (PEM or DER)')
    .option('--mac-key <pem>', 'key-agreement private key of one end (PKCS#8 or SEC1 PEM)')
    .option('--mac-cert <pem>', 'key-agreement certificate or public key (PEM) of the other end')
    .action((file: string, opts: { cert: string; macKey?: string; macCert?: string }) => {
      if ((opts.macKey === undefined) !== (opts.macCert === undefined))
        throw new CliError('ERR_CLI_OPTION', '--mac-key and --mac-cert go together', 2);
      const message = decodeOrFail(() => decodeMessage(readGbcsBytes(io, file)));
      const apdu = message.apdu;
      const cert = readCertificate(io, opts.cert);
      if (!cert.publicKey) throw new CliError('ERR_CERT_DECODE', `${opts.cert} has no P-256 public key`, 2);
      const signatureValid = verifyKrp(message.generalSigningBytes, cert.publicKey);
      const signatureReason = !apdu.signature
        ? 'KRP_UNSIGNED'
        : signatureValid
          ? 'KRP_SIGNATURE_VALID'
          : 'KRP_SIGNATURE_INVALID';
      let mac: { valid: boolean; reason: string } | undefined;
      if (opts.macKey !== undefined && opts.macCert !== undefined) {
        const own = readKeyAgreementKey(io, opts.macKey);
        const peer = readPublicKey(io, opts.macCert);
        mac = !message.wrapper
          ? { valid: false, reason: 'MAC_ABSENT' }
          : checkGbcsMac(message.wrapper, own, peer)
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
          originator: apdu.originator,
          certificateEui: cert.eui,
          certificateId: cert.certificateId,
        })}\n`,
      );
      setExit(valid ? 0 : 1);
    });
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
      'run signed GBCS bytes (a CS02b 6.15.1 or 7.1/7.2 command) through the reference DCC over a world file; prints the verdict, the per-cell outcomes and the device response; exit 0 accepted, 1 refused, 2 bad input',
    )
    .argument('<file>', 'signed General-Signing APDU (hex text or binary)')
    .requiredOption('--world <file>', 'world file (smets1 world writes one)')
    .option('--policy <name|file>', 'a preset policy or a policy JSON file', 'legacy')
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
        const message = decodeMessage(gbcsResponse);
        decodedResponse = {
          ...(message.wrapper
            ? {
                generalCiphering: {
                  securityHeader: message.wrapper.securityHeader,
                  mac: message.wrapper.mac,
                },
              }
            : {}),
          ...describeApdu(message.apdu),
        };
      }
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
        })}\n`,
      );
      setExit(v.outcome === 'accepted' ? 0 : 1);
    });
  return gbcs;
};
