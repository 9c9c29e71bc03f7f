import type { Policy } from '../../simulator';
import { runShardCampaign } from './campaign';
import { estateCredentials } from './credentials';
import type { EstateLayout } from './layout';
import { estateParties, materializeShard } from './shard';
import type { EstateTally } from './types';

/** What every executor (worker thread or the calling thread) needs to run shards. */
export interface ShardRunnerInit {
  readonly seed: string;
  readonly layout: EstateLayout;
  /** Registration start, ISO 8601. */
  readonly from: string;
  /** Request time, ISO 8601. */
  readonly at: string;
}

/** One unit of work: meters [start, end) under one policy. */
export interface ShardTask {
  readonly id: number;
  readonly policy: Policy;
  readonly start: number;
  readonly end: number;
}

/**
 * Derives the PKI once (certificates decoded, KeyObjects and signers cached for the executor's
 * lifetime) and returns a function running one shard task: materialise, campaign, discard.
 */
export function createShardRunner(init: ShardRunnerInit): (task: ShardTask) => EstateTally {
  const creds = estateCredentials(init.seed);
  const parties = estateParties(creds);
  const from = new Date(init.from);
  const at = new Date(init.at);
  return (task) => {
    const shard = materializeShard(init.layout, task.start, task.end, creds, parties, from);
    return runShardCampaign(init.layout, shard, creds, task.policy, at);
  };
}
