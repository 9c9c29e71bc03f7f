import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { decodeCertificate, isCodedError, pemToDerList } from '../../../certs';
import { decodeGeneralSigning } from '../../../simulator/gbcs';
import {
  DuisError,
  emitDuisRequest,
  isSupportedSrv,
  parseDuisRequest,
  parseDuisResponse,
  parseRequestId,
  SERVICE_REFERENCE,
  type DuisBody,
  type DuisRequest,
} from '../../../simulator/duis';
import { CliError, type CliErrorCode, type CliIo } from '../io';
import type { CommandFactory } from '../command';
import { addDuisSignatureCommands } from './duis-sign';
import { readGbcsBytes, toJson } from './gbcs';

/** Reads a file relative to the CLI working directory; unreadable files are a coded CLI error (exit 2). */
function readInput(io: CliIo, file: string): Buffer {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (cause) {
    throw new CliError('ERR_CLI_FILE', `cannot read ${file}`, 2, { cause });
  }
}

/** Certificate DER from a PEM file (first block) or a raw DER file; anything that is not an X.509 certificate is ERR_CERT_DECODE. */
function readCertificateDer(io: CliIo, file: string): Uint8Array {
  const raw = readInput(io, file);
  let der: Uint8Array;
  if (!raw.includes('-----BEGIN')) der = Uint8Array.from(raw);
  else {
    try {
      const [first] = pemToDerList(raw.toString('utf8'));
      der = first!;
    } catch (cause) {
      throw new CliError('ERR_PEM_DECODE', `${file} holds no PEM certificate`, 2, { cause });
    }
  }
  try {
    decodeCertificate(der);
  } catch (cause) {
    throw new CliError('ERR_CERT_DECODE', `${file} is not a certificate (PEM or DER)`, 2, { cause });
  }
  return der;
}

/** A signed pre-command file: hex or raw bytes that decode as a signed GBCS General-Signing APDU. */
function readSignedPreCommand(io: CliIo, file: string): Uint8Array {
  const bytes = readGbcsBytes(io, file);
  let apdu: ReturnType<typeof decodeGeneralSigning>;
  try {
    apdu = decodeGeneralSigning(bytes);
  } catch (cause) {
    const code = isCodedError(cause) ? (cause.code as CliErrorCode) : 'ERR_GBCS_TAG';
    throw new CliError(
      code,
      `${file} is not a GBCS General-Signing pre-command: ${(cause as Error).message}`,
      2,
      { cause },
    );
  }
  if (!apdu.signature || apdu.signature.length === 0)
    throw new CliError(
      'ERR_GBCS_UNSIGNED',
      `${file} is a pre-command without a signature; sign it first (smets1 gbcs sign)`,
    );
  return bytes;
}

/** Runs a DUIS codec, turning its coded error into a one-line CLI error (exit 2). */
function duisOrFail<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DuisError) throw new CliError(err.code, err.message, 2, { cause: err });
    throw err;
  }
}

interface EmitOptions {
  srv: string;
  requestId: string;
  cv: string;
  role?: string;
  ds?: string;
  ka?: string;
  kaTopUp?: string;
  path?: string[];
  floor?: string;
  executionDateTime?: string;
  applyTimeBasedCpvChecks: string;
  signedPreCommand?: string;
}

/** Builds the request body the emit options describe (6.15.1, 6.21, 7.1, 7.2). */
function bodyFromOptions(io: CliIo, o: EmitOptions): DuisBody {
  if (o.signedPreCommand !== undefined)
    return { kind: 'SignedPreCommand', gbcsPayload: readSignedPreCommand(io, o.signedPreCommand) };
  const at = o.executionDateTime === undefined ? undefined : new Date(o.executionDateTime);
  if (at && Number.isNaN(at.getTime()))
    throw new CliError('ERR_DUIS_FIELD', `--execution-date-time ${o.executionDateTime} is not a date`, 2);
  if (o.srv === '7.1' || o.srv === '7.2') {
    const kind = o.srv === '7.1' ? 'EnableSupply' : 'DisableSupply';
    return at ? { kind, executionDateTime: at } : { kind };
  }
  if (o.srv !== '6.15.1' && o.srv !== '6.21')
    throw new CliError('ERR_DUIS_UNSUPPORTED_SRV', `emit supports 6.15.1, 6.21, 7.1, 7.2; not ${o.srv}`, 2);
  if (!o.role) throw new CliError('ERR_CLI_OPTION', '--role is required for this SRV', 2);
  if (!/^(true|false)$/.test(o.applyTimeBasedCpvChecks))
    throw new CliError('ERR_CLI_OPTION', '--apply-time-based-cpv-checks must be true or false', 2);
  if (o.floor !== undefined && !/^(0|[1-9][0-9]*)$/.test(o.floor))
    throw new CliError('ERR_CLI_OPTION', '--floor must be an unsigned integer', 2);
  const replacements: { ds?: Uint8Array; ka?: Uint8Array; kaTopUp?: Uint8Array } = {};
  if (o.ds) replacements.ds = readCertificateDer(io, o.ds);
  if (o.ka) replacements.ka = readCertificateDer(io, o.ka);
  if (o.kaTopUp) replacements.kaTopUp = readCertificateDer(io, o.kaTopUp);
  const common = {
    remotePartyRole: o.role,
    replacements,
    certificationPath: (o.path ?? []).map((p) => readCertificateDer(io, p)),
    applyTimeBasedCpvChecks: o.applyTimeBasedCpvChecks === 'true',
    ...(o.floor === undefined ? {} : { floorSeqNumber: BigInt(o.floor) }),
  };
  if (o.srv === '6.21') return { kind: 'RequestHandoverOfDCCControlledDevice', ...common };
  return { kind: 'UpdateSecurityCredentialsKRP', ...common, ...(at ? { executionDateTime: at } : {}) };
}

/** `smets1 duis parse|emit|sign|verify`: DUIS XML to JSON, requests, and XML signatures. */
export const duisCommand: CommandFactory = (io, setExit) => {
  const duis = new Command('duis').description(
    'DUIS XML: parse requests/responses to JSON, emit requests, sign and verify XML signatures',
  );
  duis
    .command('parse')
    .description('parse a DUIS request or response to JSON (bytes as base64, bigint as decimal strings)')
    .argument('<file>', 'DUIS XML file')
    .option('--json', 'print JSON (always the output format of this command)')
    .action((file: string) => {
      const xml = readInput(io, file).toString('utf8');
      const value = duisOrFail(() =>
        /<sr:Response[\s>]/.test(xml) ? parseDuisResponse(xml) : parseDuisRequest(xml),
      );
      io.stdout(`${toJson(value, 'base64')}\n`);
    });
  duis
    .command('emit')
    .description('emit a DUIS request (6.15.1 or 6.21 with certificates; 7.1, 7.2)')
    .requiredOption('--srv <variant>', 'service reference variant')
    .requiredOption(
      '--request-id <id>',
      'RequestID, e.g. 90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:1200',
    )
    .option('--cv <n>', 'command variant', '4')
    .option('--role <role>', 'RemotePartyRole, e.g. NetworkOperator')
    .option('--ds <cert>', 'replacement digital signing certificate (PEM or DER)')
    .option('--ka <cert>', 'replacement key agreement certificate (PEM or DER)')
    .option('--ka-top-up <cert>', 'replacement prepayment top-up key agreement certificate')
    .option('--path <certs...>', 'certification path certificates (1..3)')
    .option('--floor <n>', 'RemotePartyFloorSeqNumber')
    .option('--execution-date-time <iso>', 'future execution date-time')
    .option('--apply-time-based-cpv-checks <bool>', 'true or false', 'true')
    .option(
      '--signed-pre-command <file>',
      'CommandVariant 5: the signed GBCS pre-command (hex or binary, from gbcs sign)',
    )
    .action((opts: EmitOptions) => {
      if (!isSupportedSrv(opts.srv))
        throw new CliError('ERR_DUIS_UNSUPPORTED_SRV', `unsupported SRV ${opts.srv}`, 2);
      if (!/^[1-8]$/.test(opts.cv)) throw new CliError('ERR_DUIS_COMMAND_VARIANT', `--cv ${opts.cv}`, 2);
      const request: DuisRequest = {
        requestId: duisOrFail(() => parseRequestId(opts.requestId)),
        commandVariant: opts.signedPreCommand !== undefined && opts.cv === '4' ? 5 : Number(opts.cv),
        serviceReference: SERVICE_REFERENCE[opts.srv],
        serviceReferenceVariant: opts.srv,
        body: bodyFromOptions(io, opts),
      };
      io.stdout(duisOrFail(() => emitDuisRequest(request)) + '\n');
    });
  addDuisSignatureCommands(duis, io, setExit);
  return duis;
};
