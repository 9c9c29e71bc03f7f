/** Analysis: model-based exploration of the invariants and their proof to the fixpoint. */
export * from './model';
export * from './prove';
