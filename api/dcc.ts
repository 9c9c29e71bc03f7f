import { asPolicy, DEFAULT_POLICY } from '../harness/policies';
import type { Signer, TestParty, TestPki } from '../certs';
import {
  buildWorld,
  createDcc,
  referencePki,
  type CellOutcome,
  type Clock,
  type Dcc,
  type Policy,
  type UserRole,
  type Verdict,
  type WorldSpec,
} from '../simulator';
import { emitDuisRequest, type DuisRequest } from '../simulator/duis';
import { ApiError } from './errors';
import { referenceWorld } from './world';

let cachedPki: TestPki | undefined;

/**
 * The reference PKI (deterministic): every reference party's certificates and private keys, e.g.
 * `referenceParty('NO-A').ds.signer` to sign a pre-command as NO-A. Issued once per process.
 */
export function referenceCredentials(): TestPki {
  cachedPki ??= referencePki();
  return cachedPki;
}

/** One party of the reference PKI by name (NO-A..NO-D, GT-G, SUP-1, SUP-2, ACB); ERR_API_SCENARIO if unknown. */
export function referenceParty(name: string): TestParty {
  const party = referenceCredentials().parties.find((p) => p.name === name);
  if (!party) throw new ApiError('ERR_API_SCENARIO', `no reference party named ${JSON.stringify(name)}`);
  return party;
}

/** The default request time of the reference DCC: inside every reference certificate's validity. */
export const REFERENCE_TIME = new Date('2024-06-01T12:00:00Z');

/** Options of createReferenceDcc. */
export interface ReferenceDccOptions {
  /** A preset policy name (`legacy`, `relaxed`, `relaxed-6151`, `corrective`, `smets2`) or a Policy value; default `legacy`. */
  readonly policy?: string | Policy;
  /** The world file to run (default: the reference world). */
  readonly world?: WorldSpec;
  /** The DCC's ACB key, which signs 6.21 handovers (default: the reference PKI's ACB). */
  readonly acbSigner?: Signer;
  /** The request time used when a submission names none (a fixed Date or a Clock); default REFERENCE_TIME. */
  readonly clock?: Date | Clock;
  /** Keep the audit trail (default true). */
  readonly audit?: boolean;
}

/** Creates the reference DCC (the validation pipeline over a world's devices) under one policy. */
export function createReferenceDcc(options: ReferenceDccOptions = {}): Dcc {
  const built = buildWorld(options.world ?? referenceWorld());
  const policy = options.policy ?? DEFAULT_POLICY;
  const given = options.clock ?? REFERENCE_TIME;
  const clock: Clock = given instanceof Date ? { now: () => given } : given;
  const dcc = createDcc({
    world: built.world,
    devices: built.devices,
    policy: asPolicy(policy),
    clock,
    acbSigner: options.acbSigner ?? referenceParty('ACB').ds.signer,
    ...(options.audit === undefined ? {} : { audit: options.audit }),
  });
  clocks.set(dcc, clock);
  return dcc;
}

/** The clocks of the DCCs createReferenceDcc made (raw GBCS input names its time explicitly). */
const clocks = new WeakMap<Dcc, Clock>();

/** What one submission produced: the verdict and, flattened, what a caller usually reads from it. */
export interface SubmitResult {
  /** The typed verdict (an acceptance, or a refusal with stage, code and DUIS code). */
  readonly verdict: Verdict;
  readonly accepted: boolean;
  /** DUIS response code: I0, E4, E061507, ... */
  readonly duisCode: string;
  /** CV 4: the unsigned GBCS pre-command to sign. */
  readonly preCommand?: Uint8Array;
  /** The device's GBCS response bytes (CS02b response) for an applied replacement. */
  readonly response?: Uint8Array;
  /** Per-cell outcomes of an applied replacement (6.15.1, 6.21); empty otherwise. */
  readonly outcomes: readonly CellOutcome[];
}

/** Options of one submission. */
export interface SubmitOptions {
  /** The sender's user role; inferred when the sender holds one eligible role. */
  readonly userRole?: UserRole;
  /** Request time; defaults to the DCC's clock. */
  readonly at?: Date;
}

/** Flattens a verdict into a SubmitResult. */
export function submitResult(verdict: Verdict): SubmitResult {
  if (verdict.outcome === 'rejected')
    return { verdict, accepted: false, duisCode: verdict.duisCode, outcomes: [] };
  return {
    verdict,
    accepted: true,
    duisCode: verdict.duisCode,
    ...(verdict.preCommand ? { preCommand: verdict.preCommand } : {}),
    ...(verdict.response ? { response: verdict.response } : {}),
    outcomes: verdict.outcomes ?? [],
  };
}

const submission = (request: string | DuisRequest, options: SubmitOptions) => ({
  request,
  ...(options.userRole ? { userRole: options.userRole } : {}),
  ...(options.at ? { at: options.at } : {}),
});

/**
 * Submits one DUIS request (XML text or a typed request; CV 1 non-critical, CV 4 Transform, CV 5
 * Send of a signed pre-command) to a DCC. Bad XML is a refusal (PARSE_XML), never an exception.
 */
export function submitDuis(
  dcc: Dcc,
  request: string | DuisRequest,
  options: SubmitOptions = {},
): SubmitResult {
  return submitResult(dcc.submit(submission(request, options)));
}

/**
 * The whole Critical flow for one request: CV 4 Transform, sign the returned pre-command with
 * `signer` (the sender's Digital Signing key), then CV 5 Send; the result is the Send's (or the
 * Transform's refusal).
 */
export function performDuis(
  dcc: Dcc,
  request: string | DuisRequest,
  signer: Signer,
  options: SubmitOptions = {},
): SubmitResult {
  return submitResult(dcc.perform(submission(request, options), signer));
}

/**
 * Submits a raw signed GBCS command (a General-Signing APDU: a CS02b 6.15.1 / 6.21 command or a 7.1 /
 * 7.2 supply command, signed by the sender) straight to the DCC, without DUIS: it goes through the
 * same access, gate, replacement and authority checks as a CV 5 Send. Malformed bytes are a
 * refusal (PARSE_GBCS). The time is `options.at`, else the clock of a DCC made by
 * createReferenceDcc, else REFERENCE_TIME.
 */
export function submitGbcs(dcc: Dcc, bytes: Uint8Array, options: SubmitOptions = {}): SubmitResult {
  const at = options.at ?? clocks.get(dcc)?.now() ?? REFERENCE_TIME;
  const { verdict } = dcc.run({
    kind: 'gbcs',
    bytes,
    at,
    ...(options.userRole ? { userRole: options.userRole } : {}),
  });
  if (!verdict) throw new ApiError('ERR_API_TARGET', 'the DCC gave no verdict for a GBCS command');
  return submitResult(verdict);
}

/** DUIS XML text of a typed request (for files, HTTP bodies, or submitDuis). */
export function duisXml(request: DuisRequest): string {
  return emitDuisRequest(request);
}
