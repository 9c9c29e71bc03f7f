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
import { createDeviceState, referencePki } from '../simulator';
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
import { measureRate, rateSince, type Rate } from './measure';
import { BENCH_AT, BENCH_M2, fastSigner, krpWorkload } from './workloads';

/** Rates of the crypto-bound stages, all on one core in this thread. */
export interface CryptoFigures {
  readonly authority: Rate;
  readonly verifyP1363: Rate;
  readonly cs02bDecodeVerify: Rate;
  readonly send6151: Rate;
  readonly perform6151: Rate;
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

function timeAll(n: number, op: (i: number) => void): Rate {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) op(i);
  return rateSince(n, start, cpu);
}

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
  const authority = measureRate(() => {
    if (checkAuthority('6.15.1', cmd, state, NO_DS, 'authority'))
      throw new Error('bench: authority refused a valid command');
  }, seconds);
  const verify = measureRate(() => {
    if (!verifyP1363(key, signed.signedBytes, signed.signature!))
      throw new Error('bench: signature did not verify');
  }, seconds);
  const cs02b = measureRate(() => {
    const d = decodeGeneralSigning(signedApdu);
    decodeUpdateSecurityCredentials(d.content);
    if (!d.signature || !verifyP1363(key, d.signedBytes, d.signature))
      throw new Error('bench: CS02b did not verify');
  }, seconds);

  // 6.15.1 through the reference DCC: NO-B (registered for M2) re-installs its own certificates.
  // Sends are single-use (each consumes its pre-command): a first batch warms the path up untimed.
  const w = krpWorkload(pki.seed);
  // Warm means JIT-optimised: thousands of requests (as a running DCC has seen) before timing.
  const warm = Math.max(2000, Math.round(seconds * 1500));
  const n = Math.max(2000, Math.round(seconds * 4000));
  const sends = w.prepareSends(warm + n);
  for (let i = 0; i < warm; i++)
    if (w.dcc.submit(sends[i]!).outcome !== 'accepted') throw new Error('bench: 6.15.1 send refused');
  const send6151 = timeAll(n, (i) => {
    if (w.dcc.submit(sends[warm + i]!).outcome !== 'accepted') throw new Error('bench: 6.15.1 send refused');
  });
  const perform6151 = measureRate(
    (i) => {
      const v = w.dcc.perform({ request: w.request(BigInt(warm + n + 1 + i)), at: BENCH_AT }, w.signer);
      if (v.outcome !== 'accepted') throw new Error('bench: 6.15.1 refused');
    },
    seconds,
    16,
    1000,
  );

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
    certIssue,
    certDecodeInspect,
    pathColdValidate,
    pathWarmValidate,
  };
}
