import { Command } from 'commander';
import { validatePath } from '../../../certs';
import { CliError } from '../io';
import type { CommandFactory } from '../command';
import { readCertificates } from './inspect';

/** `smets1 verify-path`: certification path validation of a certificate to a trust anchor. */
export const verifyPathCommand: CommandFactory = (io, setExit) =>
  new Command('verify-path')
    .description(
      'Validate a certificate to a trust anchor (root or organisation CA): signatures, CA constraints, critical extensions, time, revocation',
    )
    .argument('<leaf>', 'the certificate to validate')
    .requiredOption('--anchor <file>', 'trust anchor certificate')
    .option('--path <files...>', 'path (intermediate) certificates')
    .option('--at <date>', 'validate at this time (ISO 8601); default: now')
    .option('--no-time', 'skip validity-period checks (ApplyTimeBasedCPVChecks = disapply)')
    .option('--revoked <ids...>', 'revoked certificate IDs (<serialHex>@<issuerCN>)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 valid, 1 invalid, 2 unreadable input.\nExample:\n  smets1 verify-path pki/NO-A-ds.pem --anchor pki/root.pem --path pki/ca.pem --at 2024-01-01',
    )
    .action(
      (
        leafFile: string,
        opts: {
          anchor: string;
          path?: string[];
          at?: string;
          time: boolean;
          revoked?: string[];
          json?: boolean;
        },
      ) => {
        const [leaf] = readCertificates(io, leafFile);
        const [anchor] = readCertificates(io, opts.anchor);
        if (!leaf || !anchor) throw new CliError('ERR_CLI_FILE', 'no certificate found');
        const at = opts.at === undefined ? new Date() : new Date(opts.at);
        if (Number.isNaN(at.getTime()))
          throw new CliError('ERR_CLI_ARGUMENT', `--at is not a date: ${opts.at}`);
        const verdict = validatePath(leaf, {
          anchor,
          intermediates: (opts.path ?? []).flatMap((f) => readCertificates(io, f)),
          ...(opts.time ? { at } : {}),
          revoked: new Set(opts.revoked ?? []),
        });
        const result = verdict.ok
          ? { valid: true, chain: verdict.chain.map((c) => c.certificateId) }
          : { valid: false, code: verdict.code, link: verdict.link, detail: verdict.detail };
        if (!verdict.ok) setExit(1);
        if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
        else
          io.stdout(
            verdict.ok
              ? `valid: ${result.chain!.join(' -> ')}\n`
              : `invalid: ${verdict.code} at link ${verdict.link}: ${verdict.detail}\n`,
          );
      },
    );
