import fc from 'fast-check';

/**
 * Fixes fast-check's seed for reproducible runs: FC_SEED=<int> pins it, FC_SEED=random draws one.
 * The seed is always printed by fast-check on failure, together with the counterexample path.
 */
const raw = process.env.FC_SEED ?? '20261125';
const seed = raw === 'random' ? Math.floor(Math.random() * 0x7fffffff) : Number.parseInt(raw, 10);
const numRuns = process.env.FC_NUM_RUNS ? Number.parseInt(process.env.FC_NUM_RUNS, 10) : undefined;
if (!Number.isFinite(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${raw}`);
fc.configureGlobal({ seed, ...(numRuns ? { numRuns } : {}), verbose: 1 });
if (raw === 'random') process.stdout.write(`fast-check random seed: ${seed}\n`);
