import type { Policy } from '../../simulator';
import { runShardCampaign } from './campaign';
import { estateCredentials } from './credentials';
import { buildInstallPlan, type EstateLayout } from './layout';
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
  /** New meters installed during the campaign, drawn by every executor from the seed (buildInstallPlan). */
  readonly installs?: { readonly count: number; readonly misplacedRate: number };
}

/** One unit of work: meters [start, end) under one policy. */
export interface ShardTask {
  readonly id: number;
  readonly policy: Policy;
  readonly start: number;
  readonly end: number;
  /** Install indices [installStart, installEnd) of the plan this task installs. */
  readonly installStart?: number;
  readonly installEnd?: number;
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
  const plan = init.installs
    ? buildInstallPlan({
        installs: init.installs.count,
        misplacedRate: init.installs.misplacedRate,
        seed: init.seed,
      })
    : undefined;
  return (task) => {
    const slice =
      plan && task.installStart !== undefined && task.installEnd !== undefined
        ? { plan, meters: init.layout.meters, start: task.installStart, end: task.installEnd }
        : undefined;
    const shard = materializeShard(init.layout, task.start, task.end, creds, parties, from, false, slice);
    return runShardCampaign(init.layout, shard, creds, task.policy, at, plan);
  };
}
