import { parseCellKey, type OrgCertificate, type Signer } from '../../certs';
import { deviceKeys } from '../device/keys';
import { certificateIn, counterOf, type DeviceState } from '../device/state';
import {
  buildAlertApdu,
  decodeGeneralSigning,
  encodeGbcsDateTime,
  encodeGeneralSigning,
  GbcsAlertCode,
  signKrp,
  type DecodedGeneralSigningApdu,
} from '../gbcs';
import type { Policy } from '../policy/policy';
import type { World } from '../world/world';
import { checkAccess, type AccessGrant } from './access';
import { applyAccepted } from './apply';
import { checkAuthority } from './authority';
import {
  checkDeviceResponse,
  deliverCommand,
  deviceReceive,
  generalSigningBytesOf,
  macWrapOn,
  wrapDeviceResponse,
} from './ciphering';
import { authorisingCellOf, buildPreCommand } from './commands';
import { checkOn, type PipelineCheck } from './checks';
import { checkGate } from './gate';
import { checkPlacement } from './placement';
import { checkReplacements } from './replacement';
import { roleCodeOf, withCommandVariant, type ParsedRequest } from './request';
import { refuse, type Acceptance, type Refusal, type Verdict } from './verdict';

/** Everything a flow reads besides the request and the device state; `at` is the request time. */
export interface PipelineEnv {
  readonly world: World;
  readonly policy: Policy;
  readonly at: Date;
  /** Checks switched off (mutation tests of the prover only; absent in production). */
  readonly disabledChecks?: ReadonlySet<PipelineCheck>;
}

/** A flow's result: the verdict and the device state after it (unchanged on refusal). */
export interface FlowResult {
  readonly verdict: Verdict;
  readonly state: DeviceState | undefined;
  /** Alerts the device raised (a SMETS2 device's 0x8F70 after its credentials were updated). */
  readonly alerts?: readonly DeviceAlert[];
}

/** One alert a simulated device raised: its code and the signed GBCS alert APDU. */
export interface DeviceAlert {
  readonly alertCode: number;
  readonly bytes: Uint8Array;
}

/**
 * The 0x8F70 (credentials updated) alert a SMETS2 device raises after a successful update, to the
 * command's sender, signed with its DS key. The device numbers its alerts by the time (milliseconds
 * since the Unix epoch): an assumption, a real device keeps its own increasing counter.
 * @see docs/gbcs-bytes.md (Alerts)
 */
function credentialsUpdatedAlert(request: ParsedRequest, at: Date): DeviceAlert {
  const alertCode = GbcsAlertCode.credentialsUpdated;
  const apdu = buildAlertApdu({
    alertCode,
    originatorCounter: BigInt(Math.max(0, Math.floor(at.getTime()))),
    originator: request.device,
    recipient: request.sender,
    dateTime: encodeGbcsDateTime(at),
  });
  return { alertCode, bytes: signKrp(apdu, deviceKeys(request.device).ds) };
}

/**
 * What Transform admitted a request on: the immutable inputs of the gate, placement and
 * replacement checks (world, device state, policy, time, switched-off checks, the access grant)
 * and their outcome, the waiver. A Send of the same request re-runs access (its command variant
 * differs) and reuses the outcome only when every one of those inputs is still the same.
 */
interface Admitted {
  readonly world: World;
  readonly state: DeviceState | undefined;
  readonly policy: Policy;
  readonly atMs: number;
  readonly disabledChecks: ReadonlySet<PipelineCheck> | undefined;
  readonly grant: AccessGrant;
  readonly waiver: string | undefined;
}

/** Transform's admission per parsed request (the object the pending pre-command keeps for its Send). */
const admittedAtTransform = new WeakMap<ParsedRequest, Admitted>();

function stillAdmitted(
  memo: Admitted | undefined,
  grant: AccessGrant,
  state: DeviceState | undefined,
  env: PipelineEnv,
): memo is Admitted {
  return (
    memo !== undefined &&
    memo.world === env.world &&
    memo.state === state &&
    memo.policy === env.policy &&
    memo.atMs === env.at.getTime() &&
    memo.disabledChecks === env.disabledChecks &&
    memo.grant.party === grant.party &&
    memo.grant.userRole === grant.userRole &&
    memo.grant.device === grant.device &&
    memo.grant.spec === grant.spec
  );
}

/**
 * Stages 2-4 (access, gate, replacement checks), shared by Transform and Send. `memoOf` is the
 * request Transform admitted (Send only): its outcome stands if nothing it read has changed.
 */
function admit(
  request: ParsedRequest,
  state: DeviceState | undefined,
  env: PipelineEnv,
  variants: readonly number[],
  memoOf?: ParsedRequest,
): { grant: AccessGrant; waiver: string | undefined } | Refusal {
  const grant = checkAccess(request, env.world, variants, env.disabledChecks);
  if (!('ok' in grant)) return grant;
  const memo = memoOf && admittedAtTransform.get(memoOf);
  if (stillAdmitted(memo, grant, state, env)) return { grant, waiver: memo.waiver };
  const gate = checkGate(request, grant, env.world, env.policy, env.at, env.disabledChecks);
  if (!('ok' in gate)) return gate;
  if (checkOn(env.disabledChecks, 'placement')) {
    const misplaced = checkPlacement(request, grant, env.world, env.policy, env.at);
    if (misplaced) return misplaced;
  }
  if (request.body.kind === 'replace' && state) {
    const failure = checkReplacements(
      request.srv,
      request.body,
      state,
      env.world,
      env.at,
      env.disabledChecks,
    );
    if (failure) return failure;
  }
  if (request.body.kind === 'replace' && !state && checkOn(env.disabledChecks, 'access-device-known')) {
    return refuse(request.srv, 'access', 'ACCESS_UNKNOWN_DEVICE', `no device state for ${request.device}`);
  }
  return { grant, waiver: gate.waiver };
}

/**
 * DUIS CommandVariant 4 (Transform): stages 1-4, then the unsigned GBCS pre-command.
 * @see DUIS 3.4 (Critical Service Requests), docs/architecture.md (The pipeline)
 */
export function runTransform(
  request: ParsedRequest,
  state: DeviceState | undefined,
  env: PipelineEnv,
): Verdict {
  const admitted = admit(request, state, env, [4]);
  if ('outcome' in admitted) return admitted;
  admittedAtTransform.set(request, {
    world: env.world,
    state,
    policy: env.policy,
    atMs: env.at.getTime(),
    disabledChecks: env.disabledChecks,
    grant: admitted.grant,
    waiver: admitted.waiver,
  });
  if (!admitted.grant.spec.critical)
    return refuse(request.srv, 'access', 'ACCESS_COMMAND_VARIANT', `${request.srv} is not critical`);
  const preCommand = encodeGeneralSigning(buildPreCommand(request));
  return {
    outcome: 'accepted',
    srv: request.srv,
    duisCode: 'I0',
    preCommand,
    ...(admitted.waiver ? { waiver: admitted.waiver } : {}),
  };
}

/** Byte equality through Buffer views (no copies). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
  );
}

/**
 * DUIS CommandVariant 5 (Signed Pre-Command): the signed bytes must be the signed part of the pre-command returned by
 * Transform; then the checks of `runSigned`.
 */
export function runSend(
  original: ParsedRequest,
  preCommandSignedPart: Uint8Array,
  signed: DecodedGeneralSigningApdu,
  state: DeviceState | undefined,
  env: PipelineEnv,
): FlowResult {
  const unchanged = sameBytes(signed.signedBytes, preCommandSignedPart);
  if (!unchanged && checkOn(env.disabledChecks, 'send-match')) {
    return {
      verdict: refuse(
        original.srv,
        'parse',
        'SEND_PRECOMMAND_MISMATCH',
        'signed pre-command differs from the pre-command returned by Transform',
      ),
      state,
    };
  }
  return runSigned(original, signed, state, env);
}

/**
 * A signed command for `original`: stages 2-4 run again (CV 5) with the data in force now; then
 * authority and apply.
 */
export function runSigned(
  original: ParsedRequest,
  signed: DecodedGeneralSigningApdu,
  state: DeviceState | undefined,
  env: PipelineEnv,
): FlowResult {
  const request = withCommandVariant(original, 5);
  const admitted = admit(request, state, env, [5], original);
  if ('outcome' in admitted) return { verdict: admitted, state };
  if (!state || request.body.kind === 'retrieve') {
    return {
      verdict: refuse(request.srv, 'access', 'ACCESS_COMMAND_VARIANT', `${request.srv} has no signed form`),
      state,
    };
  }
  const byDevice = env.policy.authority === 'device' || admitted.grant.device.smets === 2;
  // Under the SMETS2 model the ACB wraps the command for a SMETS2 device; the device checks the MAC
  // before it acts, and acts on the General-Signing APDU it received.
  const wrap = macWrapOn(env.world, env.policy, request.device);
  let received = signed;
  if (wrap) {
    const delivered = deliverCommand(generalSigningBytesOf(signed), env.world, request.device);
    const checked = deviceReceive(delivered, env.world, request.device, request.srv, env.disabledChecks);
    if ('outcome' in checked) return { verdict: checked, state };
    received = checked;
  }
  const failure = checkAuthority(
    request.srv,
    {
      originator: received.originator,
      counter: received.originatorCounter,
      signedBytes: received.signedBytes,
      signature: received.signature,
    },
    state,
    authorisingCellOf(request.body),
    byDevice ? 'device' : 'authority',
    env.disabledChecks,
  );
  if (failure) return { verdict: failure, state };
  return accept(request, state, received.originatorCounter, env, admitted.waiver, wrap);
}

/**
 * The recipient remote party's KA key for a wrapped response: the KA certificate the device holds
 * (before the command applied) in the authorising role's management cell; undefined when it holds none.
 */
function recipientKaOf(request: ParsedRequest, state: DeviceState) {
  if (request.body.kind !== 'replace') return undefined;
  return certificateIn(state, { role: request.body.roleCode, keyUsage: 'KA', cellUsage: 'management' })
    ?.publicKey;
}

function accept(
  request: ParsedRequest,
  state: DeviceState,
  counter: bigint,
  env: PipelineEnv,
  waiver: string | undefined,
  wrap = false,
): FlowResult {
  const smets2 = env.world.inventory.get(request.device)?.smets === 2;
  const applied = applyAccepted(request, state, counter, env.world.settings, {
    at: env.at,
    deviceSigner: smets2 ? deviceKeys(request.device).ds : undefined,
  });
  let response = applied.response;
  let responseMac;
  const recipientKa = wrap && response ? recipientKaOf(request, state) : undefined;
  if (response && recipientKa) {
    // The device wraps its response for the recipient; the response path checks the MAC.
    response = wrapDeviceResponse(response, request.device, recipientKa);
    responseMac = checkDeviceResponse(response, request.device, recipientKa);
  }
  const verdict: Acceptance = {
    outcome: 'accepted',
    srv: request.srv,
    duisCode: 'I0',
    ...(waiver ? { waiver } : {}),
    ...(applied.outcomes.length > 0 ? { outcomes: applied.outcomes } : {}),
    ...(response ? { response } : {}),
    ...(responseMac ? { responseMac } : {}),
  };
  const updated = smets2 && request.body.kind === 'replace' && applied.outcomes.length > 0;
  return {
    verdict,
    state: applied.state,
    ...(updated ? { alerts: [credentialsUpdatedAlert(request, env.at)] } : {}),
  };
}

/**
 * Non-critical requests (CV 1): 6.24.1 returns the device security credentials; 6.21 hands a
 * DCC-controlled device over, the DCC's ACB signing the CS02b command itself.
 */
export function runNonCritical(
  request: ParsedRequest,
  state: DeviceState | undefined,
  env: PipelineEnv,
  acb: Signer,
): FlowResult {
  const admitted = admit(request, state, env, [1]);
  if ('outcome' in admitted) return { verdict: admitted, state };
  const body = request.body;
  if (body.kind === 'retrieve') {
    const roles: number[] = body.remotePartyRoles.map(roleCodeOf);
    const credentials = [...(state?.cells ?? new Map<string, OrgCertificate>()).entries()]
      .filter(([key]) => roles.includes(parseCellKey(key).role))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([cell, c]) => ({ cell, certificateId: c.certificateId, owner: c.eui ?? null }));
    return { verdict: { outcome: 'accepted', srv: request.srv, duisCode: 'I0', credentials }, state };
  }
  if (body.kind !== 'replace' || !state) {
    return {
      verdict: refuse(
        request.srv,
        'access',
        'ACCESS_COMMAND_VARIANT',
        `${request.srv} needs a signed pre-command`,
      ),
      state,
    };
  }
  const counter = counterOf(state, body.roleCode).last + 1n;
  const signedBytes = signKrp(buildPreCommand(request, env.world.acb, counter), acb);
  const signed = decodeGeneralSigning(signedBytes);
  const failure = checkAuthority(
    request.srv,
    { originator: signed.originator, counter, signedBytes: signed.signedBytes, signature: signed.signature },
    state,
    authorisingCellOf(body),
    'authority',
    env.disabledChecks,
  );
  if (failure) return { verdict: failure, state };
  return accept(request, state, counter, env, admitted.waiver);
}
