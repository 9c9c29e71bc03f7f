import { isCodedError } from '../../certs';
import { PRESET_POLICIES, type Policy } from '../../simulator';
import { resolvePolicySpec } from '../policies';
import { CliError, type CliIo } from './io';

const PRESET_NAMES = PRESET_POLICIES.map((p) => p.name).join(', ');

/** The help text of every option resolved by policiesOption: the forms it accepts, said once. */
export const POLICIES_HELP = `"all" (every preset), a preset (${PRESET_NAMES}), a policy JSON file, or a comma list of those`;

/** The help text of every option resolved by onePolicyOption: one policy only, never "all" nor a list. */
export const ONE_POLICY_HELP = `one policy only: a preset (${PRESET_NAMES}) or a policy JSON file; not "all" nor a comma list`;

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
