/**
 * The policy keys of a scenario's expectations (`expect`, `expectFinal`) must name a preset, `*`,
 * or a policy the scenario declares in `customPolicies`: a misspelt key (`relaxd`) would otherwise
 * pass the schema and leave the step without an expectation under the policy meant.
 */
import { PRESET_POLICIES } from '../../simulator';
import { ScenarioError } from './errors';
import type { Scenario } from './types';

const PRESETS: readonly string[] = PRESET_POLICIES.map((p) => p.name);

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

/** The preset a misspelt key most likely meant: the longest shared start (at least 4 characters), then the closest length. */
export function closestPreset(key: string): string | undefined {
  const ranked = PRESETS.map((p) => ({
    p,
    shared: commonPrefix(key, p),
    gap: Math.abs(p.length - key.length),
  }))
    .filter((r) => r.shared >= 4)
    .sort((a, b) => b.shared - a.shared || a.gap - b.gap);
  return ranked[0]?.p;
}

/** Every policy key of the scenario with its JSON pointer (relative to the scenario). */
function policyKeys(s: Scenario): { key: string; pointer: string }[] {
  const keys: { key: string; pointer: string }[] = [];
  s.steps.forEach((step, i) => {
    if ((step.kind === 'request' || step.kind === 'replay') && typeof step.expect === 'object')
      for (const key of Object.keys(step.expect)) keys.push({ key, pointer: `/steps/${i}/expect/${key}` });
  });
  for (const key of Object.keys(s.expectFinal ?? {})) keys.push({ key, pointer: `/expectFinal/${key}` });
  return keys;
}

/** Throws ERR_SCENARIO_SCHEMA at the first policy key that is neither a preset, `*`, nor declared in `customPolicies`. */
export function checkPolicyKeys(s: Scenario, file: string, base: string): void {
  const declared = new Set(s.customPolicies ?? []);
  for (const { key, pointer } of policyKeys(s)) {
    if (key === '*' || PRESETS.includes(key) || declared.has(key)) continue;
    const guess = closestPreset(key);
    throw new ScenarioError(
      'ERR_SCENARIO_SCHEMA',
      `${file}: ${base}${pointer}: ${JSON.stringify(key)} is not a preset policy (${PRESETS.join(', ')}) nor "*"` +
        `${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''} (a custom policy's name goes in "customPolicies")`,
    );
  }
}
