import type { Policy } from '../../simulator';
import type { EstateInstalls, EstateResult } from '../report/types';

/** Counts of one campaign over part or all of the estate under one policy. */
export interface EstateTally {
  readonly meters: number;
  readonly misplaced: number;
  /** Misplaced meters whose NO DS and KA cells hold the registered NO's certificates at the end. */
  readonly repaired: number;
  /** Misplaced meters whose NO cells still hold another NO's certificates at the end. */
  readonly stuck: number;
  /** Service requests sent (each a Transform and, when transformed, a signed Send). */
  readonly requests: number;
  readonly accepted: number;
  /** Refused requests by refusal code. */
  readonly refusals: Readonly<Record<string, number>>;
  /** Accepted requests by the gate waiver that admitted them. */
  readonly waivers: Readonly<Record<string, number>>;
  /** New meters installed during the campaign (`installs` option). */
  readonly installs: number;
  /** Installed meters whose NO cells hold another NO's certificates at the end. */
  readonly installsMisplaced: number;
  /** Installations refused by the placement check and retried naming the registered NO. */
  readonly installRetries: number;
  /** Installations refused for good (the meter is still DCC-controlled). */
  readonly installsFailed: number;
}

/** One policy's estate result (the RunReport.estate row) with its timing. */
export interface EstatePolicyResult extends EstateResult {
  readonly accepted: number;
  readonly waivers: Readonly<Record<string, number>>;
  /** Wall-clock seconds of this policy's campaign. */
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** CPU seconds (user + system) of this policy's campaign: this process and the child processes. */
  readonly cpuSeconds: number;
  /** Requests per CPU second: what one fully available core does, however busy the machine was. */
  readonly requestsPerCpuSecond: number;
  /** With installations (absent without): what they did, and the misplaced stock at the end. */
  readonly installs?: EstateInstallResult;
}

/**
 * The installations of one policy's campaign and the stock of misplaced meters before (the
 * estate's `misplaced`) and after (`misplacedAfter`: the stock still stuck plus the installations
 * that placed a wrong NO's certificates).
 */
export type EstateInstallResult = EstateInstalls;

/** Where shards run: worker threads of this process, or child processes. */
export type EstateRunner = 'threads' | 'processes';

/** Timings of a whole estate run. */
export interface EstateTimings {
  readonly workers: number;
  readonly runner: EstateRunner;
  /** Seconds to lay out the estate (typed arrays). */
  readonly layoutSeconds: number;
  /** Seconds to start the workers and let each derive the PKI and its KeyObjects. */
  readonly setupSeconds: number;
  /** Seconds of the untimed warm-up (0 without one). */
  readonly warmupSeconds: number;
  readonly totalSeconds: number;
  /** Peak resident set size, bytes: this process (main thread and worker threads) plus the peaks of the child processes. */
  readonly peakRssBytes: number;
}

/** The result of runEstate: per-policy results (in the order asked) and run timings. */
export interface EstateRun {
  readonly seed: string;
  readonly misplacedRate: number;
  /** New meters installed during each policy's campaign (absent when none). */
  readonly installs?: number;
  readonly results: readonly EstatePolicyResult[];
  readonly timings: EstateTimings;
}

/** Progress of a run: meters done of the total for the policy being run. */
export interface EstateProgress {
  readonly policy: string;
  readonly policyIndex: number;
  readonly policies: number;
  readonly done: number;
  readonly total: number;
}

/** Options of runEstate. */
export interface EstateOptions {
  readonly meters: number;
  /** Share of meters carrying a wrong NO's certificates; default 0.1. */
  readonly misplacedRate?: number;
  /**
   * New meters installed by suppliers during the campaign (default 0), each naming a wrong NO's
   * certificates at the misplacement rate unless the policy's placement check refuses it.
   */
  readonly installs?: number;
  readonly policies: readonly Policy[];
  /** Workers (threads or processes); 0 runs in the calling thread. Default: available parallelism. */
  readonly workers?: number;
  /** Worker threads or child processes; default ESTATE_DEFAULT_RUNNER. */
  readonly runner?: EstateRunner;
  readonly seed?: string;
  /** Meters per shard (unit of work and of materialisation); default 2048. */
  readonly shardSize?: number;
  /** Request time of the campaign; default 2024-06-01T12:00:00Z. */
  readonly at?: Date;
  /**
   * Meters each worker runs under the first policy before any policy is timed, the results
   * dropped (default 0): the policies' rates are then those of compiled code (steady state), and
   * the warm-up's seconds are reported on their own (`timings.warmupSeconds`). Shards share no
   * state, so the results are the same with or without it.
   */
  readonly warmup?: number;
  readonly onProgress?: (progress: EstateProgress) => void;
}
