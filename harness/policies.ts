import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodedError, fileReadReason } from '../certs';
import {
  legacyPolicy,
  parsePolicyJson,
  presetPolicy,
  PRESET_POLICIES,
  SimulatorError,
  unknownPolicy,
  type Policy,
} from '../simulator';

/** The policy used wherever none is named: today's rule. */
export const DEFAULT_POLICY: Policy = legacyPolicy;

/**
 * Codes of PolicySpecError: a `--policy` value whose file cannot be read, or two different policies
 * of one name. A name that is neither a preset nor a file is the simulator's ERR_POLICY_UNKNOWN
 * (`presetPolicy`), the one place that code comes from.
 */
export type PolicySpecErrorCode = 'ERR_POLICY_FILE' | 'ERR_POLICY_DUPLICATE';

/** A policy spec that cannot be resolved; nothing was run. */
export class PolicySpecError extends CodedError<PolicySpecErrorCode> {
  override readonly name = 'PolicySpecError';
}

/** True when `name` names a preset policy. */
export function isPresetName(name: string): boolean {
  return PRESET_POLICIES.some((p) => p.name === name);
}

/** A policy given by value or by preset name, as a value (for APIs that still accept names). */
export function asPolicy(policy: Policy | string): Policy {
  return typeof policy === 'string' ? presetPolicy(policy) : policy;
}

/** True when a spec item is written as a file (a `.json` name or a path), not as a preset name. */
function looksLikeFile(item: string): boolean {
  return /\.json$/i.test(item) || item.includes('/') || item.includes('\\');
}

/** One item of a spec: a preset name, else a policy JSON file relative to `cwd`. */
function resolveItem(item: string, cwd: string): Policy {
  if (isPresetName(item)) return presetPolicy(item);
  const file = resolve(cwd, item);
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (cause) {
    if (looksLikeFile(item))
      throw new PolicySpecError('ERR_POLICY_FILE', `policy file ${item} ${fileReadReason(cause)} (${file})`, {
        cause,
      });
    throw unknownPolicy(item, 'is neither "all", a preset nor a policy file');
  }
  if (!isFile) throw new PolicySpecError('ERR_POLICY_FILE', `policy file ${item} is a directory, not a file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PolicySpecError(
      'ERR_POLICY_FILE',
      `cannot read policy file ${item}: ${fileReadReason(cause)}`,
      {
        cause,
      },
    );
  }
  try {
    return parsePolicyJson(text);
  } catch (cause) {
    // the simulator's ERR_POLICY_JSON / ERR_POLICY_SCHEMA, with the file it is about
    if (cause instanceof SimulatorError)
      throw new SimulatorError(cause.code, `policy file ${item}: ${cause.message}`, { cause });
    throw cause;
  }
}

/**
 * Resolves a policy spec, with the same rules for every command: `all` (every preset), a preset
 * name, a policy JSON file, or a comma-separated list of those. Errors are coded: ERR_POLICY_UNKNOWN,
 * ERR_POLICY_FILE (a `.json` name or path not found, unreadable, a directory), and the simulator's ERR_POLICY_JSON / ERR_POLICY_SCHEMA.
 */
export function resolvePolicySpec(spec: string, cwd: string): Policy[] {
  const items = spec.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw unknownPolicy(spec, 'is a list with an empty item');
  const out: Policy[] = [];
  for (const item of items) {
    for (const p of item === 'all' ? PRESET_POLICIES : [resolveItem(item, cwd)]) {
      const same = out.find((q) => q.name === p.name);
      if (same === p) continue;
      if (same)
        throw new PolicySpecError(
          'ERR_POLICY_DUPLICATE',
          `two different policies are named ${JSON.stringify(p.name)}`,
        );
      out.push(p);
    }
  }
  return out;
}
