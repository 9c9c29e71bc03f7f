import {
  clearDecodeCache,
  clearPathCache,
  decodeCertificate,
  deriveKeyAgreementKey,
  inspectCertificate,
  issueLeafCertificate,
  validatePath,
  verifyP1363,
} from '../certs';
import { createDeviceState, referencePki, type Submission } from '../simulator';
import {
  buildCs02bCommand,
  checkGbcsMac,
  CredentialsReplacementMode,
  decodeGeneralCiphering,
  decodeGeneralSigning,
  decodeUpdateSecurityCredentials,
  signKrp,
  wrapGeneralCiphering,
} from '../simulator/gbcs';
import { checkAuthority } from '../simulator/pipeline/authority';
import { measurePaired, measureRate, type PairedRate, type Rate } from './measure';
import { BENCH_AT, BENCH_M2, fastSigner, krpWorkload } from './workloads';

/** Rates of the crypto-bound stages, all on one core in this thread. */
export interface CryptoFigures {
  /** The authority stage, in rounds alternating with the seam's verify (its baseline). */
  readonly authority: PairedRate;
  readonly verifyP1363: Rate;
  readonly cs02bDecodeVerify: Rate;
  /** Warm 6.15.1 Sends, in rounds alternating with the seam's verify. */
  readonly send6151: PairedRate;
  /** Transform + sign + Send, in rounds alternating with the seam's verify. */
  readonly perform6151: PairedRate;
  /** The seam's node:crypto signer (the estate's), on the signed bytes of a 6.15.1 command. */
  readonly signNode: Rate;
  readonly certIssue: Rate;
  readonly certDecodeInspect: Rate;
  readonly pathColdValidate: Rate;
  readonly pathWarmValidate: Rate;
  /** General-Ciphering: the ACB computes the MAC and wraps, the device decodes and checks it. */
  readonly generalCipheringMac: Rate;
}

const AT = BENCH_AT;
const M2 = BENCH_M2;
const NO_DS = { role: 3, keyUsage: 'DS', cellUsage: 'management' } as const;

/**
 * Measures the authority stage (checkAuthority with the certificate's cached KeyObject), the crypto
 * seam's verifyP1363, CS02b decode + verify, the 6.15.1 Send (parse, gates, warm path, verify,
 * apply) and Transform+sign+Send through the reference DCC, and certificate issue / inspect / path
 * validation (cold and warm). `seconds` bounds each figure.
 */
export function measureCryptoFigures(seconds: number): CryptoFigures {
  const pki = referencePki('bench');
  const nob = pki.parties.find((p) => p.name === 'NO-B')!;
  const signer = fastSigner(pki.seed, nob);
  const usc = {
    mode: CredentialsReplacementMode.networkOperatorByNetworkOperator,
    authorisingCell: NO_DS,
    authorisingSeqNumber: 5n,
    replacements: [{ certificate: nob.ds.certificate.der, targetCell: NO_DS }],
    certificationPath: [pki.ca.certificate.der],
  };
  const apdu = buildCs02bCommand({ originator: nob.eui, recipient: M2, counter: 5n, usc });
  const signedApdu = signKrp(apdu, signer);
  const signed = decodeGeneralSigning(signedApdu);
  const state = createDeviceState(M2, [{ cell: NO_DS, certificate: nob.ds.certificate }]);
  const cmd = {
    originator: signed.originator,
    counter: signed.originatorCounter,
    signedBytes: signed.signedBytes,
    signature: signed.signature,
  };
  const key = nob.ds.certificate.publicKey!;
  const verifyOnce = () => {
    if (!verifyP1363(key, signed.signedBytes, signed.signature!))
      throw new Error('bench: signature did not verify');
  };
  const verify = measureRate(verifyOnce, seconds);
  // Rounds of about 1/20 of `seconds` each side at the seam's rate.
  const rounds = 20;
  const perRound = Math.max(200, Math.round((verify.perCpuSecond * seconds) / (2 * rounds)));
  const authority = measurePaired(
    () => {
      if (checkAuthority('6.15.1', cmd, state, NO_DS, 'authority'))
        throw new Error('bench: authority refused a valid command');
    },
    verifyOnce,
    { rounds, opsPerRound: perRound, baseOpsPerRound: perRound },
  );
  const cs02b = measureRate(() => {
    const d = decodeGeneralSigning(signedApdu);
    decodeUpdateSecurityCredentials(d.content);
    if (!d.signature || !verifyP1363(key, d.signedBytes, d.signature))
      throw new Error('bench: CS02b did not verify');
  }, seconds);

  // 6.15.1 through the reference DCC: NO-B (registered for M2) re-installs its own certificates.
  // Warm means JIT-optimised: thousands of requests (as a running DCC has seen) before timing.
  const warm = Math.max(2000, Math.round(seconds * 1500));
  // Sends cost about 1.5 verifies, Transform + sign + Send about 2.5: each round takes its share of
  // `seconds` and the seam's verify runs the same number of operations between them.
  const sendRound = Math.max(100, Math.round(perRound / 1.5));
  const performRound = Math.max(50, Math.round(perRound / 2.5));
  const p = krpWorkload(pki.seed);
  for (let i = 1; i <= warm; i++) p.dcc.perform({ request: p.request(BigInt(i)), at: BENCH_AT }, p.signer);
  const perform6151 = measurePaired(
    (i) => {
      const v = p.dcc.perform({ request: p.request(BigInt(warm + 1 + i)), at: BENCH_AT }, p.signer);
      if (v.outcome !== 'accepted') throw new Error('bench: 6.15.1 refused');
    },
    verifyOnce,
    { rounds, opsPerRound: performRound, baseOpsPerRound: performRound },
  );
  // Sends are single-use (each consumes its pre-command): each round's are transformed and signed
  // before it, untimed, so only one round's inputs are alive at a time; a first batch warms up.
  const w = krpWorkload(pki.seed);
  for (const s of w.prepareSends(warm, 1n))
    if (w.dcc.submit(s).outcome !== 'accepted') throw new Error('bench: 6.15.1 send refused');
  let sends: Submission[] = [];
  const send6151 = measurePaired(
    (i) => {
      if (w.dcc.submit(sends[i % sendRound]!).outcome !== 'accepted')
        throw new Error('bench: 6.15.1 send refused');
    },
    verifyOnce,
    {
      rounds,
      opsPerRound: sendRound,
      baseOpsPerRound: sendRound,
      beforeOpRound: (r) => (sends = w.prepareSends(sendRound, BigInt(warm + 1 + r * sendRound))),
    },
  );

  const signNode = measureRate(() => void signer.sign(signed.signedBytes), seconds);

  const certIssue = measureRate(
    (i) => {
      issueLeafCertificate({
        seed: 'bench',
        label: `issue/${i}`,
        issuer: pki.ca,
        subjectEui: nob.eui,
        subjectCn: 'NO-B',
        role: 3,
        keyUsage: 'DS',
      });
    },
    seconds,
    4,
  );
  const der = nob.ka.certificate.der;
  const certDecodeInspect = measureRate(
    () => {
      clearDecodeCache();
      inspectCertificate(decodeCertificate(der));
    },
    seconds,
    16,
  );
  const leaf = decodeCertificate(der);
  const pathOptions = { anchor: pki.root.certificate, intermediates: [pki.ca.certificate], at: AT };
  const pathColdValidate = measureRate(
    () => {
      clearPathCache();
      if (!validatePath(leaf, pathOptions).ok) throw new Error('bench: path did not validate');
    },
    seconds,
    8,
  );
  const pathWarmValidate = measureRate(() => {
    if (!validatePath(leaf, pathOptions).ok) throw new Error('bench: path did not validate');
  }, seconds);
  // General-Ciphering MAC: one ECDH + KDF + GMAC to wrap (ACB side), one decode + ECDH + KDF + GMAC to check (device side).
  const acbKa = deriveKeyAgreementKey('bench', 'ACB/KA');
  const deviceKa = deriveKeyAgreementKey('bench', 'device/KA');
  const generalCipheringMac = measureRate(() => {
    const wrapped = wrapGeneralCiphering(signedApdu, acbKa.privateKey, deviceKa.publicKey);
    if (!checkGbcsMac(decodeGeneralCiphering(wrapped), deviceKa.privateKey, acbKa.publicKey))
      throw new Error('bench: General-Ciphering MAC did not check');
  }, seconds);

  return {
    authority,
    verifyP1363: verify,
    generalCipheringMac,
    cs02bDecodeVerify: cs02b,
    send6151,
    perform6151,
    signNode,
    certIssue,
    certDecodeInspect,
    pathColdValidate,
    pathWarmValidate,
  };
}
