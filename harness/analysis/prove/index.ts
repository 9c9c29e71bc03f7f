/** The proof engine: every reachable state of the small world, to the fixpoint, every invariant on every transition. */
export {
  provePolicy,
  symmetryGroup,
  type PolicyProof,
  type InvariantVerdict,
  type ProofPath,
  type ProveOptions,
} from './engine';
export { proofComponents, type ProofComponent, type ProofStart, type StartKind } from './world';
export { proofAlphabet, PROOF_SIGNERS, type Letter } from './alphabet';
export {
  abstractOf,
  stateKey,
  canonical,
  renamings,
  tokenTable,
  AbstractionGap,
  type AbstractState,
} from './abstract';
export { replayProofPath, proofScenario, proofScenarioId } from './replay';
export { memoUniverse, memoSigner, seededChecker } from './transition';

export {
  PROVEN_POLICIES,
  proofWorld,
  proveAndReplay,
  proveAll,
  proofJson,
  proofFindings,
  renderProof,
  type ProofStep,
  type ProvenPolicy,
  type ProveAllOptions,
} from './prove';
export { benchProof, type ProofBench } from './figures';
