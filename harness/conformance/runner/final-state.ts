import { parseEui } from '../../../certs';
import type { DeviceSnapshot } from '../../../simulator';
import type { StepResult } from '../../report/types';
import type { ResolvedScenario } from '../../scenario/resolve';
import type { CounterRole, FinalCellName, FinalCells, FinalCertificate } from '../../scenario/types';

/** The trust-anchor cell each scenario cell name stands for (`role/keyUsage/cellUsage`). */
export const FINAL_CELL_KEYS: Readonly<Record<FinalCellName, string>> = {
  noDs: '3/DS/management',
  noKa: '3/KA/management',
  supplierDs: '2/DS/management',
  supplierKa: '2/KA/management',
};

/** The GBCS remote party role code of each counter role a scenario names. */
export const COUNTER_ROLE_CODES: Readonly<Record<CounterRole, number>> = { Supplier: 2, NetworkOperator: 3 };

const CELL_NAMES = Object.keys(FINAL_CELL_KEYS) as FinalCellName[];

/** One checked fact of a final state: what was expected and found, and whether they agree. */
interface Fact {
  readonly name: string;
  readonly expected: string;
  readonly actual: string;
  readonly ok: boolean;
}

/** A row of the case's steps from facts; the detail names every mismatch (fact, expected, actual). */
function row(
  index: number,
  label: string,
  facts: readonly Fact[],
  snapshot: DeviceSnapshot | undefined,
): StepResult {
  const bad = facts.filter((f) => !f.ok);
  const detail = bad.map((f) => `${f.name}: expected ${f.expected}, actual ${f.actual}`).join('; ');
  return {
    index,
    label,
    expected: facts.map((f) => `${f.name}=${f.expected}`).join(' '),
    actual: snapshot ? facts.map((f) => `${f.name}=${f.actual}`).join(' ') : 'device unknown to the DUT',
    ok: snapshot !== undefined && bad.length === 0,
    ...(snapshot && detail ? { detail } : {}),
  };
}

/** Owners by party name and the supply state (the facts a scenario could always state). */
function ownerFacts(cells: FinalCells, snapshot: DeviceSnapshot | undefined, r: ResolvedScenario): Fact[] {
  const facts: Fact[] = [];
  for (const k of CELL_NAMES) {
    const want = cells[k];
    if (want === undefined) continue;
    const got = snapshot?.cells.find((c) => c.cell === FINAL_CELL_KEYS[k])?.owner ?? null;
    facts.push({
      name: k,
      expected: want,
      actual: r.nameOf(got),
      ok: got !== null && parseEui(got) === r.party(want).eui,
    });
  }
  if (cells.supply !== undefined)
    facts.push({
      name: 'supply',
      expected: cells.supply,
      actual: snapshot?.supply ?? '?',
      ok: snapshot?.supply === cells.supply,
    });
  return facts;
}

/** The certificate ID a final-state certificate stands for. */
function expectedCertificateId(want: FinalCertificate, cell: FinalCellName, r: ResolvedScenario): string {
  if (typeof want !== 'string' && 'certificateId' in want) return want.certificateId;
  return r.certificate(want, cell.endsWith('Ds') ? 'DS' : 'KA').certificateId;
}

/** Certificate IDs compare with the serial's hex digits in any case. */
const sameId = (a: string, b: string): boolean => {
  const [sa = '', ia = ''] = a.split('@');
  const [sb = '', ib = ''] = b.split('@');
  return sa.toLowerCase() === sb.toLowerCase() && ia === ib;
};

/** The exact certificate per cell, by certificate ID (the owner is shown alongside). */
function certificateFacts(
  cells: FinalCells,
  snapshot: DeviceSnapshot | undefined,
  r: ResolvedScenario,
): Fact[] {
  return CELL_NAMES.flatMap((k) => {
    const want = cells.certificates?.[k];
    if (want === undefined) return [];
    const id = expectedCertificateId(want, k, r);
    const got = snapshot?.cells.find((c) => c.cell === FINAL_CELL_KEYS[k]);
    return [
      {
        name: k,
        expected: id,
        actual: got ? `${got.certificateId} (${r.nameOf(got.owner)})` : '(empty)',
        ok: got !== undefined && sameId(got.certificateId, id),
      },
    ];
  });
}

/** The counter record per role (a role the device never accepted a command from has 0 and 0). */
function counterFacts(cells: FinalCells, snapshot: DeviceSnapshot | undefined): Fact[] {
  const facts: Fact[] = [];
  for (const role of Object.keys(COUNTER_ROLE_CODES) as CounterRole[]) {
    const want = cells.counters?.[role];
    if (want === undefined) continue;
    const got = snapshot?.counters.find((c) => c.role === COUNTER_ROLE_CODES[role]) ?? {
      last: '0',
      floor: '0',
    };
    for (const k of ['last', 'floor'] as const) {
      const w = want[k];
      if (w === undefined) continue;
      facts.push({
        name: `${role}.${k}`,
        expected: BigInt(w).toString(),
        actual: got[k],
        ok: BigInt(w) === BigInt(got[k]),
      });
    }
  }
  return facts;
}

/**
 * Checks one meter's expected final state against the DUT's snapshot: one row for owners and
 * supply, one for the counters per role, one for the exact certificates, each only when stated.
 */
export function finalStateRows(
  meter: string,
  cells: FinalCells,
  snapshot: DeviceSnapshot | undefined,
  r: ResolvedScenario,
  index: number,
): StepResult[] {
  const groups: [string, Fact[]][] = [
    [`final cells of ${meter}`, ownerFacts(cells, snapshot, r)],
    [`final counters of ${meter}`, counterFacts(cells, snapshot)],
    [`final certificates of ${meter}`, certificateFacts(cells, snapshot, r)],
  ];
  return groups
    .filter(([, facts]) => facts.length > 0)
    .map(([label, facts], i) => row(index + i, label, facts, snapshot));
}
