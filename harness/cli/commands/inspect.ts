import { Command } from 'commander';
import {
  CertsError,
  decodeCertificate,
  inspectCertificate,
  pemToDerList,
  type CertificateReport,
} from '../../../certs';
import { readInputFile } from '../files';
import { CliError, type CliIo } from '../io';
import type { CommandFactory } from '../command';

/** Reads every certificate of a file: PEM (one or more), base64 DER or binary DER. */
export function readCertificates(io: CliIo, file: string): ReturnType<typeof decodeCertificate>[] {
  const raw = readInputFile(io, file);
  const text = raw.toString('latin1');
  try {
    if (text.includes('-----BEGIN')) return pemToDerList(text).map((der) => decodeCertificate(der));
    return [decodeCertificate(raw[0] === 0x30 ? Uint8Array.from(raw) : text.trim())];
  } catch (cause) {
    if (cause instanceof CertsError)
      throw new CliError(cause.code, `${file}: ${cause.message}`, 2, { cause });
    throw cause;
  }
}

function table(r: CertificateReport): string {
  const rows: [string, string][] = [
    ['certificate ID', r.certificateId],
    ['role', r.role === null ? '-' : `${r.role} (${r.roleName ?? 'unknown'})`],
    ['owner EUI', r.eui ?? '-'],
    ['key usage', r.keyUsage ?? r.keyUsageBits.join('+')],
    ['issuer CN', r.issuerCn ?? '-'],
    ['validity', `${r.notBefore} .. ${r.notAfter}`],
    ['SKI / AKI', `${r.ski ?? '-'} / ${r.aki ?? '-'}`],
    ['policies', r.policyOids.join(', ') || '-'],
    [
      'profile',
      r.findings.length === 0 ? 'conformant' : r.findings.map((f) => `${f.code} (${f.detail})`).join('; '),
    ],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(15)} ${v}`).join('\n');
}

/** `smets1 inspect FILE...`: certificate metadata and SMKI profile findings. */
export const inspectCommand: CommandFactory = (io, setExit) =>
  new Command('inspect')
    .description(
      'Show certificate metadata (role, EUI, key usage, certificate ID, ...) and SMKI profile findings',
    )
    .argument('<files...>', 'certificate files (PEM, base64 DER or binary DER)')
    .option('--json', 'print JSON')
    .option('--strict', 'exit 1 when any certificate has a profile finding')
    .action((files: string[], opts: { json?: boolean; strict?: boolean }) => {
      const reports = files.flatMap((f) =>
        readCertificates(io, f).map((c) => ({ file: f, ...inspectCertificate(c) })),
      );
      if (opts.strict && reports.some((r) => r.findings.length > 0)) setExit(1);
      if (opts.json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
      else io.stdout(`${reports.map((r) => `${r.file}\n${table(r)}`).join('\n\n')}\n`);
    });
