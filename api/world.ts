import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createScenarioKeys,
  loadCatalogue,
  resolveScenario,
  SHIPPED_CATALOGUE,
  type ScenarioKeys,
} from '../harness';
import {
  buildWorld,
  referenceWorldSpec,
  SimulatorError,
  type MeterLayout,
  type WorldSpec,
} from '../simulator';
import { ApiError } from './errors';

/**
 * The reference world: the reference PKI's parties (NO-A, NO-B, NO-C, two suppliers, the ACB), their
 * registrations and meters (default: the reference meters, or `meters` when given).
 */
export function referenceWorld(options: { readonly meters?: readonly MeterLayout[] } = {}): WorldSpec {
  return referenceWorldSpec(undefined, options.meters);
}

/**
 * Reads a world file (the JSON `smets1 world` writes and `POST /v1/provision` takes) and checks it
 * against the world schema and its references. Errors: ERR_API_FILE, ERR_WORLD_JSON, ERR_WORLD_SCHEMA,
 * ERR_WORLD_REFERENCE.
 */
export function worldFromFile(path: string): WorldSpec {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (cause) {
    throw new ApiError(
      'ERR_API_FILE',
      `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      {
        cause,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SimulatorError('ERR_WORLD_JSON', `${path}: not JSON (${(cause as Error).message})`, { cause });
  }
  buildWorld(value);
  return value as WorldSpec;
}

/**
 * The world of one catalogue scenario (its parties, registrations, inventory and cells), from the
 * shipped catalogue or `catalogue` (a folder). Errors: ERR_API_SCENARIO (unknown id, or material
 * not installed), and the catalogue's ERR_SCENARIO_* codes.
 */
export function worldFromScenario(
  id: string,
  options: { readonly catalogue?: string; readonly keys?: ScenarioKeys } = {},
): WorldSpec {
  const dir = options.catalogue === undefined ? SHIPPED_CATALOGUE : resolve(options.catalogue);
  const loaded = loadCatalogue(dir, { filter: id }).find((s) => s.scenario.id === id);
  if (!loaded) throw new ApiError('ERR_API_SCENARIO', `no scenario with id ${JSON.stringify(id)} in ${dir}`);
  if (loaded.skip) throw new ApiError('ERR_API_SCENARIO', `${id} cannot be resolved here: ${loaded.skip}`);
  return resolveScenario(loaded.scenario, options.keys ?? createScenarioKeys()).world;
}
