import { isEuiText } from '../../certs';
import { isCriticalSrv, REFERENCE_PARTIES } from '../../simulator';
import { ScenarioError } from './errors';
import type {
  CertRef,
  CertRefInput,
  PathElement,
  Scenario,
  ScenarioStep,
  SignerRef,
  WorldChangeStep,
} from './types';

/** The largest GBCS sequence number. */
const MAX_SEQ = (1n << 64n) - 1n;

/** Party names of the real ZAZ1 material (see zaz1-material.ts): the NO with its Z1 and Z1b pairs, two suppliers. */
export const ZAZ1_PARTY_NAMES: readonly string[] = [
  'ZAZ1-NO',
  'ZAZ1-NO-Z1B',
  'ZAZ1-SUP',
  'ZAZ1-SUP2',
  'ZAZ1-SUP-Z1B',
  'ZAZ1-ACB',
];

/** The party names a scenario may use: the reference parties, its extra parties, the ZAZ1 ones when asked for. */
export function knownPartyNames(s: Scenario): Set<string> {
  return new Set([
    ...REFERENCE_PARTIES.map((p) => p.name),
    ...(s.world.extraParties ?? []).map((p) => p.name),
    ...(s.world.material === 'zaz1' || s.world.material === 'dcc-boxed' ? ZAZ1_PARTY_NAMES : []),
  ]);
}

/**
 * Checks the names a schema-valid scenario uses: parties, meters, replayed steps. Throws
 * ERR_SCENARIO_REFERENCE as `file: /pointer: reason`.
 */
export function checkReferences(s: Scenario, file: string, base = ''): void {
  const fail = (where: string, reason: string): never => {
    throw new ScenarioError('ERR_SCENARIO_REFERENCE', `${file}: ${base}${where}: ${reason}`);
  };
  const parties = knownPartyNames(s);
  const party = (name: string, where: string) => {
    if (!parties.has(name)) fail(where, `no party named ${JSON.stringify(name)}`);
  };
  const certRef = (c: CertRef, where: string) => {
    party(c.party, `${where}/party`);
    if (c.owner !== undefined) party(c.owner, `${where}/owner`);
  };
  const certInput = (c: CertRefInput, where: string) =>
    typeof c === 'string' ? party(c, where) : certRef(c, where);
  const meters = new Set<string>();
  s.world.meters.forEach((m, i) => {
    const where = `/world/meters/${i}`;
    if (meters.has(m.name)) fail(`${where}/name`, `duplicate meter ${JSON.stringify(m.name)}`);
    meters.add(m.name);
    if (m.area === undefined && m.mpxn === undefined) fail(where, 'needs an area or an mpxn');
    party(m.supplier, `${where}/supplier`);
    if (m.networkOperator !== undefined) party(m.networkOperator, `${where}/networkOperator`);
    if (m.supplierCells !== undefined) party(m.supplierCells, `${where}/supplierCells`);
    if (typeof m.noCells === 'string') party(m.noCells, `${where}/noCells`);
    else {
      party(m.noCells.ds, `${where}/noCells/ds`);
      party(m.noCells.ka, `${where}/noCells/ka`);
    }
  });
  (s.world.extraParties ?? []).forEach((p, i) => {
    if (REFERENCE_PARTIES.some((r) => r.name === p.name))
      fail(`/world/extraParties/${i}/name`, `${p.name} is a reference party`);
  });
  (s.world.networkOperators ?? []).forEach((n, i) => party(n.name, `/world/networkOperators/${i}/name`));
  (s.world.suppliers ?? []).forEach((n, i) => party(n.name, `/world/suppliers/${i}/name`));
  (s.world.revoked ?? []).forEach((c, i) => certRef(c, `/world/revoked/${i}`));
  const meter = (name: string, where: string) => {
    if (!meters.has(name) && !isEuiText(name)) fail(where, `no meter named ${JSON.stringify(name)}`);
  };
  const change = (c: WorldChangeStep, where: string) => {
    if (c.kind === 'register') {
      party(c.party, `${where}/party`);
      if (c.device !== undefined) {
        if (!meters.has(c.device)) fail(`${where}/device`, `no meter named ${JSON.stringify(c.device)}`);
      } else if (c.mpxn === undefined) fail(where, 'needs a device or an mpxn');
    } else certRef(c.certificate, `${where}/certificate`);
  };
  const signer = (sg: SignerRef, where: string) => {
    if (sg === 'forged' || sg === 'none') return;
    party(typeof sg === 'string' ? sg : sg.party, typeof sg === 'string' ? where : `${where}/party`);
  };
  const pathElement = (p: PathElement, where: string) => {
    if (typeof p !== 'string') certRef(p, where);
  };
  s.steps.forEach((step: ScenarioStep, i) => {
    const where = `/steps/${i}`;
    if (step.kind === 'request') {
      party(step.actor, `${where}/actor`);
      meter(step.device, `${where}/device`);
      if (typeof step.replacements === 'string') party(step.replacements, `${where}/replacements`);
      else if (step.replacements) {
        if (step.replacements.ds !== undefined) certInput(step.replacements.ds, `${where}/replacements/ds`);
        if (step.replacements.ka !== undefined) certInput(step.replacements.ka, `${where}/replacements/ka`);
      }
      (step.path ?? []).forEach((p, j) => pathElement(p, `${where}/path/${j}`));
      if (step.signer !== undefined) signer(step.signer, `${where}/signer`);
      (step.between ?? []).forEach((c, j) => change(c, `${where}/between/${j}`));
      if ((step.srv === '6.15.1' || step.srv === '6.21') && step.replacements === undefined)
        fail(`${where}/replacements`, `${step.srv} needs replacements`);
      if ((step.srv === '6.15.1' || step.srv === '6.21') && step.remotePartyRole === undefined)
        fail(`${where}/remotePartyRole`, `${step.srv} needs a remotePartyRole`);
      const sends = isCriticalSrv(step.srv) && step.commandVariant === undefined;
      if (!sends && step.tamper !== undefined)
        fail(
          `${where}/tamper`,
          'only a Critical request sent by Transform and Send has a Send to tamper with',
        );
      if (!sends && step.sendAt !== undefined)
        fail(`${where}/sendAt`, 'only a Critical request sent by Transform and Send has a Send');
      if (step.gbcs !== undefined && step.tamper !== undefined)
        fail(`${where}/tamper`, 'given gbcs bytes are sent as they are');
      if (BigInt(step.counter) > MAX_SEQ) fail(`${where}/counter`, 'above 2^64 - 1');
      if (step.floor !== undefined && BigInt(step.floor) > MAX_SEQ) fail(`${where}/floor`, 'above 2^64 - 1');
    } else if (step.kind === 'replay') {
      const target = s.steps[step.of];
      if (step.of >= i || !target || target.kind !== 'request' || !isCriticalSrv(target.srv)) {
        fail(`${where}/of`, `step ${step.of} is not an earlier critical request step`);
      }
    } else change(step, where);
  });
  for (const [policy, finals] of Object.entries(s.expectFinal ?? {})) {
    for (const [name, cells] of Object.entries(finals)) {
      const where = `/expectFinal/${policy}/${name}`;
      if (!meters.has(name)) fail(where, `no meter named ${JSON.stringify(name)}`);
      for (const [k, v] of Object.entries(cells))
        if (k !== 'supply' && typeof v === 'string') party(v, `${where}/${k}`);
      for (const [k, c] of Object.entries(cells.certificates ?? {}))
        if (c !== undefined && (typeof c === 'string' || !('certificateId' in c)))
          certInput(c, `${where}/certificates/${k}`);
      for (const [role, counter] of Object.entries(cells.counters ?? {}))
        for (const k of ['last', 'floor'] as const) {
          const v = counter?.[k];
          if (v !== undefined && BigInt(v) > MAX_SEQ)
            fail(`${where}/counters/${role}/${k}`, 'above 2^64 - 1');
        }
    }
  }
}
