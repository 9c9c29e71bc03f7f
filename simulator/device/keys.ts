import {
  deriveKeyAgreementKey,
  deriveSigner,
  type Eui,
  type KeyAgreementKey,
  type Signer,
} from '../../certs';

/** A simulated SMETS2 device's own GBCS keys: DS signs its responses, KA agrees the General-Ciphering MAC keys. */
export interface DeviceKeys {
  readonly ds: Signer;
  readonly ka: KeyAgreementKey;
}

/** The seed of every simulated device key (a device's keys are a function of its ID only). */
export const DEVICE_KEY_SEED = 'smets1-harness/device-keys';

const MAX_CACHED = 4096;
const cache = new Map<Eui, DeviceKeys>();

/**
 * The reference world's device key store: deterministic P-256 DS and KA keys per device ID
 * (signatures RFC 6979, so a device's response bytes are reproducible). A SMETS1 device has no GBCS
 * keys; the reference only uses these for SMETS2 devices.
 */
export function deviceKeys(deviceId: Eui): DeviceKeys {
  let keys = cache.get(deviceId);
  if (!keys) {
    if (cache.size >= MAX_CACHED) cache.clear();
    keys = {
      ds: deriveSigner(DEVICE_KEY_SEED, `${deviceId}/DS`),
      ka: deriveKeyAgreementKey(DEVICE_KEY_SEED, `${deviceId}/KA`),
    };
    cache.set(deviceId, keys);
  }
  return keys;
}
