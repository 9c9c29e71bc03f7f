import fc from 'fast-check';
import { REPLACEMENT_KINDS, type ReplacementKind } from './universe';

/** Whose key signs a Critical Command's pre-command. */
export type SignerChoice = 'own' | 'cellOwner' | 'otherNo' | 'supplier' | 'strayKey';
/** How the sender picks the GBCS originator counter. */
export type CounterChoice = 'next' | 'replay' | 'low' | 'max' | 'jump';
/** The FloorSeqNumber a replacement sets. */
export type FloorChoice = 'none' | 'zero' | 'small' | 'max';
/** Which cells a replacement targets; `mixed` puts another party's KA next to the owner's DS. */
export type SlotChoice = 'both' | 'ds' | 'ka' | 'mixed';

/**
 * One exploration step before resolution: parties, devices and owners are indices that wrap
 * around the world's lists, so any step applies to any world (and shrinks towards index 0).
 */
export type Step =
  | {
      readonly kind: 'krp';
      readonly sender: number;
      readonly device: number;
      readonly rpr: 'NetworkOperator' | 'Supplier';
      readonly owner: number;
      readonly cert: ReplacementKind;
      readonly slots: SlotChoice;
      readonly signer: SignerChoice;
      readonly counter: CounterChoice;
      readonly floor: FloorChoice;
      readonly timeChecks: boolean;
      /** A registration move applied between Transform and Send. */
      readonly between?: { readonly capacity: 'supplier' | 'networkOperator'; readonly party: number };
    }
  | {
      readonly kind: 'supply';
      readonly srv: '7.1' | '7.2';
      readonly sender: number;
      readonly device: number;
      readonly signer: SignerChoice;
      readonly counter: CounterChoice;
    }
  | { readonly kind: 'retrieve'; readonly sender: number; readonly device: number }
  | {
      readonly kind: 'handover';
      readonly sender: number;
      readonly device: number;
      readonly owner: number;
      /** Whose cells the hand-over fills (absent: the supplier's). */
      readonly rpr?: 'NetworkOperator' | 'Supplier';
    }
  | {
      readonly kind: 'register';
      readonly device: number;
      readonly capacity: 'supplier' | 'networkOperator';
      readonly party: number;
    }
  | { readonly kind: 'advance'; readonly hours: number }
  | { readonly kind: 'revoke'; readonly party: number; readonly alternate: boolean };

/**
 * A step resolved against a world: names and exact values, enough to replay it without the
 * world's index lists (the form counterexample scenario files carry).
 */
export type ResolvedStep =
  | {
      readonly kind: 'krp';
      readonly sender: string;
      readonly device: string;
      readonly rpr: 'NetworkOperator' | 'Supplier';
      readonly owner: string;
      /** Owner of the KA certificate when it differs from `owner` (slots `mixed`). */
      readonly kaOwner?: string;
      readonly cert: ReplacementKind;
      readonly slots: Exclude<SlotChoice, 'mixed'>;
      /** Party name whose key signs, or `stray-key`. */
      readonly signer: string;
      readonly counter: bigint;
      readonly floor?: bigint;
      readonly timeChecks: boolean;
      /** A registration move applied between Transform and Send. */
      readonly between?: { readonly capacity: 'supplier' | 'networkOperator'; readonly party: string };
    }
  | {
      readonly kind: 'supply';
      readonly srv: '7.1' | '7.2';
      readonly sender: string;
      readonly device: string;
      readonly signer: string;
      readonly counter: bigint;
    }
  | { readonly kind: 'retrieve'; readonly sender: string; readonly device: string; readonly counter: bigint }
  | {
      readonly kind: 'handover';
      readonly sender: string;
      readonly device: string;
      readonly owner: string;
      readonly counter: bigint;
      /** Whose cells the hand-over fills (absent: the supplier's). */
      readonly rpr?: 'NetworkOperator' | 'Supplier';
    }
  | {
      readonly kind: 'register';
      readonly device: string;
      readonly capacity: 'supplier' | 'networkOperator';
      readonly party: string;
    }
  | { readonly kind: 'advance'; readonly hours: number }
  | { readonly kind: 'revoke'; readonly party: string; readonly alternate: boolean };

/** The largest GBCS originator counter (2^64 - 1). */
export const MAX_COUNTER = 0xffffffffffffffffn;

/** A one-line human label of a resolved step (reports and counterexample tables). */
export function labelOf(s: ResolvedStep): string {
  switch (s.kind) {
    case 'krp': {
      const certs = s.kaOwner
        ? `${s.owner} DS + ${s.kaOwner} KA`
        : `${s.owner} ${s.slots === 'both' ? 'DS+KA' : s.slots.toUpperCase()}`;
      const extra = [
        s.cert === 'good' ? '' : ` [${s.cert}]`,
        s.floor === undefined ? '' : ` floor ${s.floor}`,
        s.timeChecks ? '' : ' no-time-checks',
        s.between ? `; before its Send ${s.between.party} becomes the registered ${s.between.capacity}` : '',
      ].join('');
      return `${s.sender} 6.15.1 ${s.rpr} -> ${s.device} installing ${certs}${extra} (counter ${s.counter}, signed by ${s.signer})`;
    }
    case 'supply':
      return `${s.sender} ${s.srv} ${s.srv === '7.1' ? 'Enable' : 'Disable'} Supply -> ${s.device} (counter ${s.counter}, signed by ${s.signer})`;
    case 'retrieve':
      return `${s.sender} 6.24.1 Retrieve -> ${s.device}`;
    case 'handover':
      return `${s.sender} 6.21 Handover${s.rpr === 'NetworkOperator' ? ' NetworkOperator' : ''} -> ${s.device} installing ${s.owner}`;
    case 'register':
      return `registration: ${s.party} becomes the registered ${s.capacity} of ${s.device}`;
    case 'advance':
      return `time advances ${s.hours} h`;
    case 'revoke':
      return `revocation: ${s.party}'s ${s.alternate ? 'alternate' : 'main'} certificates`;
  }
}

const signer = fc.oneof(
  { weight: 4, arbitrary: fc.constant<SignerChoice>('own') },
  { weight: 1, arbitrary: fc.constantFrom<SignerChoice>('cellOwner', 'otherNo', 'supplier', 'strayKey') },
);
const counter = fc.oneof(
  { weight: 4, arbitrary: fc.constant<CounterChoice>('next') },
  { weight: 1, arbitrary: fc.constantFrom<CounterChoice>('replay', 'low', 'max', 'jump') },
);
const idx = fc.nat({ max: 7 });

/** Arbitrary steps of every kind, weighted towards Critical Commands; `registrations: false` leaves registration data fixed. */
export function stepArbitrary(options: { registrations?: boolean } = {}): fc.Arbitrary<Step> {
  const krp = fc.record({
    kind: fc.constant('krp' as const),
    sender: idx,
    device: idx,
    rpr: fc.constantFrom('NetworkOperator' as const, 'Supplier' as const),
    owner: idx,
    cert: fc.oneof(
      { weight: 4, arbitrary: fc.constant<ReplacementKind>('good') },
      { weight: 1, arbitrary: fc.constantFrom(...REPLACEMENT_KINDS) },
    ),
    slots: fc.constantFrom<SlotChoice>('both', 'ds', 'ka', 'mixed'),
    signer,
    counter,
    floor: fc.constantFrom<FloorChoice>('none', 'zero', 'small', 'max'),
    timeChecks: fc.boolean().map((b) => !b),
  });
  const supply = fc.record({
    kind: fc.constant('supply' as const),
    srv: fc.constantFrom('7.1' as const, '7.2' as const),
    sender: idx,
    device: idx,
    signer,
    counter,
  });
  const others: fc.WeightedArbitrary<Step>[] = [
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('retrieve' as const), sender: idx, device: idx }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('handover' as const),
        sender: idx,
        device: idx,
        owner: idx,
        rpr: fc.constantFrom('Supplier' as const, 'NetworkOperator' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('advance' as const),
        hours: fc.integer({ min: 1, max: 24 * 400 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('revoke' as const), party: idx, alternate: fc.boolean() }),
    },
  ];
  if (options.registrations !== false) {
    others.push({
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('register' as const),
        device: idx,
        capacity: fc.constantFrom('networkOperator' as const, 'supplier' as const),
        party: idx,
      }),
    });
  }
  return fc.oneof({ weight: 8, arbitrary: krp }, { weight: 4, arbitrary: supply }, ...others);
}
