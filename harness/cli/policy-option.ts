import { isCodedError } from '../../certs';
import type { Policy } from '../../simulator';
import { resolvePolicySpec } from '../policies';
import { CliError, type CliIo } from './io';

/** Resolves a `--policy`-style option once for any command (`all`, preset, file, comma list); errors exit 2. */
export function policiesOption(io: CliIo, spec: string, flag = '--policy'): Policy[] {
  try {
    return resolvePolicySpec(spec, io.cwd);
  } catch (err) {
    if (isCodedError(err)) throw CliError.wrap(err, `${flag}: `);
    throw err;
  }
}

/** As policiesOption, for commands that run under exactly one policy. */
export function onePolicyOption(io: CliIo, spec: string, flag = '--policy'): Policy {
  const policies = policiesOption(io, spec, flag);
  if (policies.length !== 1)
    throw new CliError('ERR_CLI_OPTION', `${flag} must name one policy here, got ${policies.length}`);
  return policies[0]!;
}
