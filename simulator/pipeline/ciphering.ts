import type { KeyObject } from 'node:crypto';
import type { Eui } from '../../certs';
import { deviceKeys } from '../device/keys';
import type { Srv } from '../duis';
import {
  checkGbcsMac,
  decodeGeneralCiphering,
  GbcsError,
  wrapGeneralCiphering,
  withSignature,
  type DecodedGeneralCiphering,
  type DecodedGeneralSigningApdu,
} from '../gbcs';
import type { Policy } from '../policy/policy';
import type { World } from '../world/world';
import { checkOn, type PipelineCheck } from './checks';
import { AlertCode, refuse, type Refusal, type ResponseMacFailure } from './verdict';

/**
 * True when the reference DCC wraps what it sends to `device` in General-Ciphering: the SMETS2 model
 * (the device checks authority) or a world that asks for it (`settings.smets2GeneralCiphering`), a
 * SMETS2 device, and a world that holds the ACB's KA private key.
 * @see docs/gbcs-bytes.md (General-Ciphering on the Send path)
 */
export function macWrapOn(world: World, policy: Policy, device: Eui): boolean {
  return (
    (policy.authority === 'device' || world.settings.smets2GeneralCiphering) &&
    world.inventory.get(device)?.smets === 2 &&
    world.acbKeyAgreement?.key !== undefined
  );
}

/** The full General-Signing APDU of a decoded command (signed, or the pre-command when unsigned). */
export function generalSigningBytesOf(apdu: DecodedGeneralSigningApdu): Uint8Array {
  if (apdu.signature) return withSignature(apdu.signedBytes, apdu.signature);
  const out = new Uint8Array(1 + apdu.signedBytes.length);
  out[0] = 0xdf;
  out.set(apdu.signedBytes, 1);
  return out;
}

/**
 * The command as the ACB delivers it to a SMETS2 device: General-Ciphering with the GMAC agreed
 * between the ACB's KA private key and the device's KA public key (GBCS 4.3.3.3).
 */
export function deliverCommand(generalSigning: Uint8Array, world: World, device: Eui): Uint8Array {
  const acb = world.acbKeyAgreement?.key;
  if (!acb) throw new GbcsError('ERR_GBCS_ENCODE', 'the world holds no ACB key-agreement private key');
  return wrapGeneralCiphering(generalSigning, acb.privateKey, deviceKeys(device).ka.publicKey);
}

/**
 * The simulated SMETS2 device receiving a delivered command: it decodes the General-Ciphering APDU
 * and checks the MAC with its own KA private key and the ACB's KA certificate before acting. An
 * undecodable wrapper or a wrong MAC is a refusal at the device (DEVICE_MAC, alert 0x8F1E), never an
 * exception; otherwise the General-Signing APDU it will act on.
 */
export function deviceReceive(
  delivered: Uint8Array,
  world: World,
  device: Eui,
  srv: Srv | undefined,
  disabled?: ReadonlySet<PipelineCheck>,
): DecodedGeneralSigningApdu | Refusal {
  const acbCertificateKey = world.acbKeyAgreement?.certificate.publicKey;
  if (!acbCertificateKey)
    return refuse(srv, 'device', 'DEVICE_MAC', 'the device holds no ACB key-agreement certificate');
  let decoded;
  try {
    decoded = decodeGeneralCiphering(delivered);
  } catch (err) {
    if (!(err instanceof GbcsError)) throw err;
    return refuse(
      srv,
      'device',
      'DEVICE_MAC',
      `General-Ciphering unreadable: ${err.code}: ${err.message}`,
      AlertCode.integrityFailure,
    );
  }
  if (
    !checkGbcsMac(decoded, deviceKeys(device).ka.privateKey, acbCertificateKey) &&
    checkOn(disabled, 'device-mac')
  )
    return refuse(
      srv,
      'device',
      'DEVICE_MAC',
      'General-Ciphering MAC does not verify',
      AlertCode.integrityFailure,
    );
  return decoded.generalSigning;
}

/**
 * The device's response as it leaves the device: General-Ciphering with the GMAC agreed between the
 * device's KA private key and the recipient remote party's KA public key (GBCS 4.3.3.4).
 */
export function wrapDeviceResponse(response: Uint8Array, device: Eui, recipientKa: KeyObject): Uint8Array {
  return wrapGeneralCiphering(response, deviceKeys(device).ka.privateKey, recipientKa);
}

/**
 * The response path's check of a wrapped device response: the MAC under the key the recipient remote
 * party agrees with the device's KA certificate (ECDH is symmetric: the reference, holding the
 * simulated device's keys, computes what the recipient computes). Undefined when it verifies.
 */
export function checkDeviceResponse(
  wrapped: Uint8Array,
  device: Eui,
  recipientKa: KeyObject,
): ResponseMacFailure | undefined {
  let decoded;
  try {
    decoded = decodeGeneralCiphering(wrapped);
  } catch (err) {
    if (!(err instanceof GbcsError)) throw err;
    return { code: 'RESPONSE_MAC', detail: `General-Ciphering unreadable: ${err.code}: ${err.message}` };
  }
  return checkGbcsMac(decoded, deviceKeys(device).ka.privateKey, recipientKa)
    ? undefined
    : { code: 'RESPONSE_MAC', detail: 'General-Ciphering MAC of the device response does not verify' };
}

/** A command as submitted: its General-Signing bytes and, when it came wrapped, the General-Ciphering APDU. */
export interface SubmittedCommand {
  readonly generalSigning: Uint8Array;
  readonly wrapper?: DecodedGeneralCiphering;
}

/**
 * Takes a submitted command apart: General-Signing bytes (`DF`) pass as they are; a General-Ciphering
 * APDU (`DD`, what the DCC delivers to a device) is unwrapped. An unreadable wrapper is PARSE_GBCS.
 * @see docs/gbcs-bytes.md (General-Ciphering on the Send path)
 */
export function unwrapSubmitted(bytes: Uint8Array, srv?: Srv): SubmittedCommand | Refusal {
  if (bytes[0] !== 0xdd) return { generalSigning: bytes };
  try {
    const wrapper = decodeGeneralCiphering(bytes);
    return { generalSigning: wrapper.generalSigningBytes, wrapper };
  } catch (err) {
    if (!(err instanceof GbcsError)) throw err;
    return refuse(srv, 'parse', 'PARSE_GBCS', `General-Ciphering: ${err.code}: ${err.message}`);
  }
}

/**
 * The MAC of a submitted wrapped command, checked as the device it addresses checks it (its own KA
 * private key with the ACB's KA certificate) when the world holds the keys: a SMETS2 device and the
 * ACB's KA certificate. A wrong MAC is the device-side refusal of the Send path (DEVICE_MAC, alert
 * 0x8F1E); undefined when it verifies, and 'unchecked' when the world lacks the keys.
 */
export function checkSubmittedMac(
  wrapper: DecodedGeneralCiphering,
  world: World,
  srv: Srv | undefined,
): Refusal | 'valid' | 'unchecked' {
  const device = wrapper.generalSigning.recipient;
  const acb = world.acbKeyAgreement?.certificate.publicKey;
  if (!acb || world.inventory.get(device)?.smets !== 2) return 'unchecked';
  return checkGbcsMac(wrapper, deviceKeys(device).ka.privateKey, acb)
    ? 'valid'
    : refuse(
        srv,
        'device',
        'DEVICE_MAC',
        'General-Ciphering MAC of the submitted command does not verify',
        AlertCode.integrityFailure,
      );
}
