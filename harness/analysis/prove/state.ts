/** The state after a counterexample step, as the report's per-step table shows it. */
import { isRoleCode, roleName, type Eui } from '../../../certs';
import type { Dcc } from '../../../simulator';
import type { CounterexampleStep } from '../../report/types';
import type { Universe } from '../model/universe';
import type { WorldPlan } from '../model/world-plan';

type StateFact = NonNullable<CounterexampleStep['state']>[number];

const roleText = (code: number): string => (isRoleCode(code) ? roleName(code) : `role ${code}`);

const nameOf = (universe: Universe, eui: Eui | undefined): string =>
  eui === undefined ? '?' : (universe.names.get(eui) ?? String(eui));

/**
 * What an analyst checks after each step, per meter of the plan: who is registered (supplier, network
 * operator), which organisation's certificate sits in each cell, each role's counter (last accepted
 * and floor), and the supply state.
 */
export function stateAfterStep(dcc: Dcc, plan: WorldPlan, universe: Universe, at: Date): StateFact[] {
  const facts: StateFact[] = [];
  const registrations = dcc.world().registrations;
  for (const m of plan.meters) {
    const live = (registrations.byMpxn.get(m.mpxn) ?? []).filter(
      (r) => r.from.getTime() <= at.getTime() && (r.to === undefined || at.getTime() < r.to.getTime()),
    );
    const who = (capacity: 'supplier' | 'networkOperator'): string =>
      live
        .filter((r) => r.capacity === capacity)
        .map((r) => nameOf(universe, r.userId))
        .join('+') || 'none';
    facts.push({
      name: `${m.name} registered`,
      value: `supplier ${who('supplier')}, network operator ${who('networkOperator')}`,
    });
    const state = dcc.device(m.deviceId);
    if (!state) continue;
    const cells = [...state.cells.entries()]
      .map(([cell, cert]) => {
        const [role, usage, cellUsage] = cell.split('/');
        const who = role !== undefined && /^[0-9]+$/.test(role) ? roleText(Number(role)) : role;
        return `${who}/${usage}/${cellUsage}=${nameOf(universe, cert.eui)}`;
      })
      .sort();
    facts.push({ name: `${m.name} cells`, value: cells.join(', ') || 'none' });
    const counters = [...state.counters.entries()]
      .sort(([a], [b]) => a - b)
      .map(([role, c]) => `${roleText(role)} last ${c.last} floor ${c.floor}`);
    facts.push({ name: `${m.name} counters`, value: counters.join('; ') || 'none' });
    facts.push({ name: `${m.name} supply`, value: state.supply });
  }
  return facts;
}
