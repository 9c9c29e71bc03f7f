import type { SignerChoice, Step } from '../model/steps';
import type { WorldPlan } from '../model/world-plan';
import type { Renaming } from './abstract';

/**
 * What a letter reads and writes besides the world: the NO cells and counter, the supplier cells,
 * counter and supply, nothing (6.24.1), or the world (registration moves, revocations).
 */
export type LetterClass = 'no' | 'supplier' | 'read' | 'world';

/** One letter of the proof alphabet: a model step on the component's meter and its class. */
export interface Letter {
  readonly step: Step;
  readonly cls: LetterClass;
  /** Registrations the letter reads: the NO's, the supplier's, or both. */
  readonly reads: 'no' | 'supplier' | 'both';
  /** The party whose certificates the letter offers (the only revocation it can observe). */
  readonly offers?: string;
}

/**
 * The signers: the sender's own key, the key of the certificate in the authorising cell, a key in
 * no certificate. Any other party's key is not in the authorising cell, so it behaves as the stray
 * key (the same refusal), and these three choices are invariant under renaming parties.
 */
export const PROOF_SIGNERS: readonly SignerChoice[] = ['own', 'cellOwner', 'strayKey'];

/**
 * The proof alphabet of one meter: every sender x signer x counter (next, replay) x new floor
 * (none, hostile maximum) x replacement (NO and supplier cells, DS / KA / both, each owner, good
 * and defective certificates), 7.1 / 7.2, 6.24.1, 6.21 hand-overs of either role's cells, a
 * 6.15.1 whose Send follows an NO registration move, and the world events: registration moves of
 * the NO and the supplier and revocations of a party's certificates.
 */
export function proofAlphabet(plan: WorldPlan): readonly Letter[] {
  const nos = plan.networkOperators.length;
  const sups = plan.suppliers.length;
  const senders = nos + sups;
  const out: Letter[] = [];
  const krp = {
    kind: 'krp' as const,
    device: 0,
    cert: 'good' as const,
    slots: 'both' as const,
    timeChecks: true,
  };
  for (let sender = 0; sender < senders; sender++) {
    for (const signer of PROOF_SIGNERS)
      for (const counter of ['next', 'replay'] as const) {
        for (const floor of ['none', 'max'] as const) {
          for (let owner = 0; owner < nos; owner++)
            out.push({
              step: { ...krp, sender, rpr: 'NetworkOperator', owner, signer, counter, floor },
              cls: 'no',
              reads: 'no',
            });
          for (let owner = 0; owner < sups; owner++)
            out.push({
              step: { ...krp, sender, rpr: 'Supplier', owner, signer, counter, floor },
              cls: 'supplier',
              reads: 'supplier',
            });
        }
        for (const srv of ['7.1', '7.2'] as const)
          out.push({
            step: { kind: 'supply', srv, sender, device: 0, signer, counter },
            cls: 'supplier',
            reads: 'supplier',
          });
      }
    const honest = { signer: 'own' as const, counter: 'next' as const, floor: 'none' as const };
    for (let owner = 0; owner < nos; owner++) {
      for (const slots of ['ds', 'ka'] as const)
        out.push({
          step: { ...krp, ...honest, sender, rpr: 'NetworkOperator', owner, slots },
          cls: 'no',
          reads: 'no',
        });
      for (const cert of ['expired', 'wrongRole'] as const)
        out.push({
          step: { ...krp, ...honest, sender, rpr: 'NetworkOperator', owner, cert },
          cls: 'no',
          reads: 'no',
        });
      for (let party = 0; party < nos; party++)
        out.push({
          step: {
            ...krp,
            ...honest,
            sender,
            rpr: 'NetworkOperator',
            owner,
            between: { capacity: 'networkOperator', party },
          },
          cls: 'no',
          reads: 'no',
        });
      out.push({
        step: { kind: 'handover', sender, device: 0, owner, rpr: 'NetworkOperator' },
        cls: 'no',
        reads: 'both',
      });
    }
    for (let owner = 0; owner < sups; owner++)
      out.push({
        step: { kind: 'handover', sender, device: 0, owner, rpr: 'Supplier' },
        cls: 'supplier',
        reads: 'both',
      });
    out.push({ step: { kind: 'retrieve', sender, device: 0 }, cls: 'read', reads: 'both' });
    out.push({ step: { kind: 'revoke', party: sender, alternate: false }, cls: 'world', reads: 'both' });
  }
  for (let party = 0; party < nos; party++)
    out.push({
      step: { kind: 'register', device: 0, capacity: 'networkOperator', party },
      cls: 'world',
      reads: 'both',
    });
  for (let party = 0; party < sups; party++)
    out.push({
      step: { kind: 'register', device: 0, capacity: 'supplier', party },
      cls: 'world',
      reads: 'both',
    });
  return out.map((l) => {
    const s = l.step;
    if (s.kind !== 'krp' && s.kind !== 'handover') return l;
    const owners = s.rpr === 'NetworkOperator' ? plan.networkOperators : plan.suppliers;
    return { ...l, offers: owners[s.owner]! };
  });
}

/** The letter with every party renamed (the alphabet is closed under renaming NOs and suppliers). */
export function renameStep(step: Step, plan: WorldPlan, r: Renaming): Step {
  const everyone = [...plan.networkOperators, ...plan.suppliers];
  const map = (list: readonly string[], i: number) => {
    const name = list[i]!;
    return list.indexOf(r.get(name) ?? name);
  };
  const owners = (rpr: 'NetworkOperator' | 'Supplier' | undefined) =>
    rpr === 'NetworkOperator' ? plan.networkOperators : plan.suppliers;
  switch (step.kind) {
    case 'krp':
      return {
        ...step,
        sender: map(everyone, step.sender),
        owner: map(owners(step.rpr), step.owner),
        ...(step.between
          ? {
              between: {
                ...step.between,
                party: map(
                  step.between.capacity === 'supplier' ? plan.suppliers : plan.networkOperators,
                  step.between.party,
                ),
              },
            }
          : {}),
      };
    case 'supply':
    case 'retrieve':
      return { ...step, sender: map(everyone, step.sender) };
    case 'handover':
      return { ...step, sender: map(everyone, step.sender), owner: map(owners(step.rpr), step.owner) };
    case 'register':
      return {
        ...step,
        party: map(step.capacity === 'supplier' ? plan.suppliers : plan.networkOperators, step.party),
      };
    case 'revoke':
      return { ...step, party: map(everyone, step.party) };
    case 'advance':
      return step;
  }
}
