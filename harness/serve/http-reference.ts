import type { Signer } from '../../certs';
import { referencePki, type AuditEntry, type DccLimits, type Policy } from '../../simulator';
import { asPolicy, DEFAULT_POLICY } from '../policies';
import { createInProcessDut } from '../dut/in-process';
import type { ProvisionOptions } from '../dut/port';
import { withFault, type DutFault } from './http-faults';
import { createDutHttpServer, type DutHttpServer, type DutHttpServerOptions } from './http-server';

/**
 * Default bound of pending pre-commands per session of `serve`: a conformance run keeps a few
 * waiting at a time, and each holds its decoded certificates (about 10 KB), so 1,000 keeps a flood
 * of unique Transforms to about 10 MB per session. @see docs/reliability.md
 */
export const SERVE_PENDING_CAP = 1_000;

/** Options of createReferenceHttpServer: the policy served, an optional deliberate fault, server limits. */
export interface ReferenceHttpServerOptions extends Omit<DutHttpServerOptions, 'createDut' | 'policyName'> {
  /** The policy used when a provision request names none (default DEFAULT_POLICY); a preset by name is accepted here, at the library's edge. */
  readonly policy?: Policy | string;
  /**
   * Keep `policy` whatever a provision request asks for, as a provider's fixed implementation does;
   * otherwise the server follows the policy each provision request names (reference mode).
   */
  readonly pinned?: boolean;
  readonly fault?: DutFault;
  /** The ACB key that signs 6.21 handovers (default: the reference PKI's ACB). */
  readonly acbSigner?: Signer;
  /** Bounds of each session's pending pre-commands and audit ring. */
  readonly limits?: Partial<DccLimits>;
  /** Receives every audit entry of every session (`smets1 serve --audit-file`). */
  readonly auditSink?: (entry: AuditEntry) => void;
}

/**
 * The reference simulator served over HTTP (`smets1 serve`): one in-process DUT per session, with
 * the given default policy and, for the faulty example, a deliberate defect.
 */
export function createReferenceHttpServer(options: ReferenceHttpServerOptions = {}): DutHttpServer {
  const policy = asPolicy(options.policy ?? DEFAULT_POLICY);
  const policyName = policy.name;
  let acbSigner = options.acbSigner;
  const signer = (): Signer => {
    if (!acbSigner) {
      const acb = referencePki().parties.find((p) => p.name === 'ACB');
      if (!acb) throw new Error('the reference PKI has no ACB party');
      acbSigner = acb.ds.signer;
    }
    return acbSigner;
  };
  const fault = options.fault;
  return createDutHttpServer({
    ...options,
    policyName,
    policyPinned: options.pinned ?? false,
    implementation: fault ? `reference (fault: ${fault})` : 'reference',
    createDut: () => {
      const inner = createInProcessDut({
        acbSigner: signer(),
        defaultPolicy: policy,
        name: 'reference',
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.auditSink ? { auditSink: options.auditSink } : {}),
      });
      const dut = fault ? withFault(inner, fault, policy) : inner;
      return options.pinned
        ? { ...dut, provision: (p: ProvisionOptions) => dut.provision({ world: p.world }) }
        : dut;
    },
  });
}
