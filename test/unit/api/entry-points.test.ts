/**
 * The `smets1-harness/harness` entry names what the package promises: the jobs' public functions,
 * never the prover's or the model's internals, the estate's shard machinery or the servers' parts.
 * (Every name and type of every entry point is in api-report/, checked by `npm run api:check`.)
 */
import * as harness from '../../../harness';
import * as analysis from '../../../harness/analysis';
import * as estate from '../../../harness/estate';

const INTERNALS = [
  'memoUniverse',
  'memoSigner',
  'tokenTable',
  'benchProof',
  'benchModel',
  'abstractOf',
  'stateKey',
  'proofAlphabet',
  'modelUniverse',
  'checkTransition',
  'materializeShard',
  'createWorkerPool',
  'createShardRunner',
  'seededRng',
  'route',
  'hardenServer',
  'createSessionTable',
];

describe('smets1-harness/harness', () => {
  it('exposes none of the internals (they exist in their job folders)', () => {
    const inJobs = { ...analysis, ...estate } as Record<string, unknown>;
    for (const name of INTERNALS.filter((n) => n in inJobs)) expect(typeof inJobs[name]).toBe('function');
    expect(Object.keys(harness).filter((k) => INTERNALS.includes(k))).toEqual([]);
  });

  it('exposes the documented functions of each job', () => {
    for (const name of [
      'createInProcessDut',
      'createHttpDut',
      'createDuisDut',
      'runCatalogue',
      'createReferenceHttpServer',
      'createDuisReferenceServer',
      'loadCatalogue',
      'proveAll',
      'exploreAll',
      'runEstate',
      'writeReports',
    ])
      expect(typeof (harness as Record<string, unknown>)[name]).toBe('function');
  });
});
