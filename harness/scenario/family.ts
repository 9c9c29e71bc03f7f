import type { ScenarioFamily } from './types';

/** One case of a family: its parameter values and the expanded (not yet validated) scenario. */
export interface FamilyCase {
  readonly values: Readonly<Record<string, string | number>>;
  readonly scenario: unknown;
}

function product(params: ScenarioFamily['parameters']): Record<string, string | number>[] {
  let out: Record<string, string | number>[] = [{}];
  for (const [name, values] of Object.entries(params)) {
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [name]: v })));
  }
  return out;
}

/** Replaces `{name}` placeholders; a string that is exactly one placeholder takes the value's type. */
function substitute(value: unknown, values: Readonly<Record<string, string | number>>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{([a-zA-Z0-9]+)\}$/.exec(value);
    if (whole && whole[1]! in values) return values[whole[1]!];
    return value.replace(/\{([a-zA-Z0-9]+)\}/g, (m, name: string) =>
      name in values ? String(values[name]) : m,
    );
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [substitute(k, values) as string, substitute(v, values)]),
    );
  }
  return value;
}

/**
 * Expands a family into its cases: the cartesian product of the parameters, minus combinations
 * where the `distinct` parameters repeat a value; ids come from `idPattern`.
 */
export function expandFamily(family: ScenarioFamily): FamilyCase[] {
  const distinct = family.distinct ?? [];
  return product(family.parameters)
    .filter((values) => new Set(distinct.map((d) => values[d])).size === distinct.length)
    .map((values) => ({
      values,
      scenario: {
        ...(substitute(family.template, values) as object),
        id: substitute(family.idPattern, values),
      },
    }));
}
