/**
 * Soak bench: unique CV 4 / CV 5 traffic with certificates never seen before, at full rate,
 * against the reference served in a child process; RSS at start, after 30 s, peak and end, and the
 * heap after a forced GC; then the same flood at a 96 MB heap, which must not kill the server.
 * @see docs/reliability.md
 */
import { runFlood } from './flood';
import { startServeChild, type ChildStats } from './serve-child';

const TOKEN = 'soak-token-0123456789';
const MB = 1024 * 1024;

/** The soak's targets (issue 25): RSS growth from 30 s to the end, and the slope of its last two minutes. */
export const SOAK_TARGETS = {
  /** At most this much RSS growth from 30 s into the run to its end (MB). */
  maxGrowthMb: 50,
  /** The window at the end of the run whose RSS must be flat (seconds). */
  flatWindowSeconds: 120,
  /**
   * "Flat": the least-squares slope of RSS's upper envelope (the highest sample of each
   * `envelopeBucketSeconds`) over that window at most this, MB per minute: at most +10 MB over
   * the two minutes. The envelope, because RSS under load is a sawtooth of garbage collections
   * (tens of MB every few seconds) whose raw slope swings either way; a leak raises the peaks.
   */
  maxSlopeMbPerMin: 5,
  envelopeBucketSeconds: 10,
} as const;

/** One RSS sample of the soak: seconds since the start, RSS in MB. */
export interface RssSample {
  readonly t: number;
  readonly mb: number;
}

/**
 * The highest sample of each `bucketSeconds` (counted back from the last sample), as samples at
 * their bucket's middle: RSS's upper envelope.
 */
export function rssEnvelope(samples: readonly RssSample[], bucketSeconds: number): RssSample[] {
  if (samples.length === 0) return [];
  const end = samples[samples.length - 1]!.t;
  const peaks = new Map<number, number>();
  for (const s of samples) {
    const bucket = Math.floor((end - s.t) / bucketSeconds);
    peaks.set(bucket, Math.max(peaks.get(bucket) ?? -Infinity, s.mb));
  }
  return [...peaks]
    .sort((a, b) => b[0] - a[0])
    .map(([bucket, mb]) => ({ t: end - (bucket + 0.5) * bucketSeconds, mb }));
}

/**
 * The least-squares slope (MB per minute) of the samples taken in the last `windowSeconds` of the
 * run; 0 with fewer than two samples in the window.
 */
export function rssSlopeMbPerMin(samples: readonly RssSample[], windowSeconds: number): number {
  if (samples.length === 0) return 0;
  const end = samples[samples.length - 1]!.t;
  const w = samples.filter((s) => s.t >= end - windowSeconds);
  if (w.length < 2) return 0;
  const mt = w.reduce((a, s) => a + s.t, 0) / w.length;
  const mm = w.reduce((a, s) => a + s.mb, 0) / w.length;
  let num = 0;
  let den = 0;
  for (const s of w) {
    num += (s.t - mt) * (s.mb - mm);
    den += (s.t - mt) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/** Results of one soak run. */
export interface SoakResult {
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSec: number;
  readonly errors: number;
  readonly rssStartMb: number;
  /** RSS 30 s into the run (or at the end of a shorter run). */
  readonly rss30sMb: number;
  readonly rssPeakMb: number;
  readonly rssEndMb: number;
  readonly heapAfterGc30sMb: number;
  readonly heapAfterGcEndMb: number;
  /** rssEndMb - rss30sMb: the target is at most +50 MB after 5 minutes. */
  readonly growthMb: number;
  /** Slope of RSS's upper envelope over the last two minutes (or a short run's second half), MB per minute. */
  readonly slopeMbPerMin: number;
  /** The slope of every RSS sample in that window (swings with the garbage collections), MB per minute. */
  readonly rawSlopeMbPerMin: number;
  readonly slopeWindowSeconds: number;
  /** RSS once a second: seconds since the start, MB. */
  readonly rssSamples: readonly RssSample[];
  /** Whether growthMb and slopeMbPerMin meet SOAK_TARGETS (meaningful for runs of 300 s). */
  readonly growthOk: boolean;
  readonly flatOk: boolean;
  /** What the server's memory held at the end after a forced GC: V8's heap capacity, external memory, ArrayBuffers (MB). */
  readonly endBreakdown: {
    readonly heapTotalMb: number;
    readonly externalMb: number;
    readonly arrayBuffersMb: number;
  };
  /** The 96 MB-heap run: seconds, requests, and whether the server lived and answered. */
  readonly smallHeap: { readonly seconds: number; readonly requests: number; readonly survived: boolean };
}

/** Runs the soak for `seconds` (then a 96 MB-heap run of at most 60 s) and reports memory figures. */
export async function runSoak(
  seconds: number,
  log: (line: string) => void = () => undefined,
): Promise<SoakResult> {
  const child = await startServeChild(TOKEN);
  const start = await child.ask('stats');
  let peak = start.rss;
  let at30: ChildStats | undefined;
  const started = Date.now();
  const samples: RssSample[] = [];
  const sampler = setInterval(() => {
    void child.ask('rss').then(
      (r) => {
        peak = Math.max(peak, r.rss);
        const t = (Date.now() - started) / 1000;
        samples.push({ t, mb: r.rss / MB });
        if (samples.length % 30 === 0)
          log(
            `soak: ${t.toFixed(0)} s, RSS ${(r.rss / MB).toFixed(0)} MB (V8 heap ${mb(r.heapUsed)} of ${mb(r.heapTotal)} MB, external ${mb(r.external)} MB, ArrayBuffers ${mb(r.arrayBuffers)} MB)`,
          );
      },
      () => undefined,
    );
  }, 1_000);
  const thirty = setTimeout(
    () => {
      void child.ask('stats').then(
        (r) => (at30 = r),
        () => undefined,
      );
    },
    Math.min(30, seconds) * 1000 - 500,
  );
  const flood = await runFlood({
    baseUrl: child.url,
    token: TOKEN,
    untilMs: started + seconds * 1000,
    concurrency: 8,
    onTick: (n) => {
      if (n % 5000 === 0)
        log(
          `soak: ${n} requests, ${((Date.now() - started) / 1000).toFixed(0)} s, peak RSS ${(peak / MB).toFixed(0)} MB`,
        );
    },
  });
  clearInterval(sampler);
  clearTimeout(thirty);
  const end = await child.ask('stats');
  const rssEnd = (await child.ask('rss')).rss;
  peak = Math.max(peak, rssEnd);
  await child.stop();
  const mid = at30 ?? end;

  const smallSeconds = Math.min(seconds, 60);
  const small = await startServeChild(TOKEN, [], { SOAK_MAX_HEAP: '96' });
  const smallStarted = Date.now();
  let smallRequests = 0;
  let survived = true;
  try {
    const r = await runFlood({
      baseUrl: small.url,
      token: TOKEN,
      untilMs: smallStarted + smallSeconds * 1000,
      concurrency: 8,
    });
    smallRequests = r.sent;
    survived = small.alive() && (await fetch(`${small.url}/v1/health`)).status === 200;
  } catch {
    survived = false;
  }
  await small.stop();
  const smallTook = Math.round((Date.now() - smallStarted) / 1000);
  const growthMb = Math.round((rssEnd - mid.rss) / MB);
  // the last two minutes; a short run's second half (its targets are set for 300 s runs)
  const window = Math.min(SOAK_TARGETS.flatWindowSeconds, Math.max(5, Math.floor(seconds / 2)));
  const slope = rssSlopeMbPerMin(rssEnvelope(samples, SOAK_TARGETS.envelopeBucketSeconds), window);
  const rawSlope = rssSlopeMbPerMin(samples, window);

  return {
    seconds,
    requests: flood.sent,
    requestsPerSec: Math.round(flood.sent / seconds),
    errors: flood.errors,
    rssStartMb: Math.round(start.rss / MB),
    rss30sMb: Math.round(mid.rss / MB),
    rssPeakMb: Math.round(peak / MB),
    rssEndMb: Math.round(rssEnd / MB),
    heapAfterGc30sMb: Math.round((mid.heapUsed ?? 0) / MB),
    heapAfterGcEndMb: Math.round((end.heapUsed ?? 0) / MB),
    growthMb,
    slopeMbPerMin: Math.round(slope * 100) / 100,
    rawSlopeMbPerMin: Math.round(rawSlope * 100) / 100,
    slopeWindowSeconds: window,
    rssSamples: samples.map((x) => ({ t: Math.round(x.t * 10) / 10, mb: Math.round(x.mb * 10) / 10 })),
    growthOk: growthMb <= SOAK_TARGETS.maxGrowthMb,
    flatOk: slope <= SOAK_TARGETS.maxSlopeMbPerMin,
    endBreakdown: {
      heapTotalMb: Math.round((end.heapTotal ?? 0) / MB),
      externalMb: Math.round((end.external ?? 0) / MB),
      arrayBuffersMb: Math.round((end.arrayBuffers ?? 0) / MB),
    },
    smallHeap: { seconds: smallTook, requests: smallRequests, survived },
  };
}

const mb = (bytes: number | undefined): string => ((bytes ?? 0) / MB).toFixed(0);
const sign = (n: number): string => `${n >= 0 ? '+' : ''}${n}`;

/** The soak result as a short table. */
export function formatSoak(r: SoakResult): string {
  return [
    `soak ${r.seconds} s: ${r.requests} requests (${r.requestsPerSec}/s, ${r.errors} errors)`,
    `RSS start ${r.rssStartMb} MB, after 30 s ${r.rss30sMb} MB, peak ${r.rssPeakMb} MB, end ${r.rssEndMb} MB`,
    `RSS growth after 30 s: ${sign(r.growthMb)} MB (target <= +${SOAK_TARGETS.maxGrowthMb} MB): ${r.growthOk ? 'pass' : 'FAIL'}`,
    `RSS over the last ${r.slopeWindowSeconds} s: peaks (highest of each ${SOAK_TARGETS.envelopeBucketSeconds} s) ${sign(r.slopeMbPerMin)} MB/min (target flat, <= +${SOAK_TARGETS.maxSlopeMbPerMin} MB/min): ${r.flatOk ? 'pass' : 'FAIL'}; every sample ${sign(r.rawSlopeMbPerMin)} MB/min${r.seconds < 300 ? ' (the targets are set for 300 s runs)' : ''}`,
    `heap after GC: after 30 s ${r.heapAfterGc30sMb} MB, end ${r.heapAfterGcEndMb} MB (V8 heap capacity ${r.endBreakdown.heapTotalMb} MB, external ${r.endBreakdown.externalMb} MB, ArrayBuffers ${r.endBreakdown.arrayBuffersMb} MB)`,
    `96 MB heap: ${r.smallHeap.requests} requests in ${r.smallHeap.seconds} s, server ${r.smallHeap.survived ? 'alive and answering' : 'DIED'}`,
    '',
  ].join('\n');
}
