import type { KeyObject } from 'node:crypto';
import { verifyP1363, type Eui } from '../../certs';
import { decodeGbcs, type DecodedGbcs } from './decode';
import { checkGbcsMac } from './general-ciphering';

/**
 * The keys of one party (a device or a remote party) a GBCS check may use: the public keys of its
 * digital-signing and key-agreement certificates, and the private keys when the store holds them.
 * `role` is the remote-party role of its certificates when they name one (4 = the ACB).
 */
export interface GbcsPartyKeys {
  readonly ds?: KeyObject;
  readonly ka?: KeyObject;
  readonly dsPrivate?: KeyObject;
  readonly kaPrivate?: KeyObject;
  readonly role?: number;
}

/** Keys by EUI (canonical, 16 upper-case hex digits), as a keystore directory holds them. */
export type GbcsKeystore = ReadonlyMap<Eui, GbcsPartyKeys>;

/** The signature check: valid, invalid, no DS key for the originator, or an unsigned APDU. */
export type GbcsSignatureStatus = 'valid' | 'invalid' | 'no-key' | 'unsigned';
/** The MAC check: valid, invalid, no key pair to check with, or no General-Ciphering wrapper. */
export type GbcsMacStatus = 'valid' | 'invalid' | 'no-key' | 'absent';

/** What verifyGbcs found, signature and MAC apart. */
export interface GbcsVerification {
  readonly decoded: DecodedGbcs;
  readonly signature: { readonly status: GbcsSignatureStatus; readonly signer?: Eui };
  /**
   * `keys` names the two parties whose key agreement verified the MAC (`private` is the one whose
   * private key the check used); on `invalid`, `tried` says how many key pairs were tried.
   */
  readonly mac: {
    readonly status: GbcsMacStatus;
    readonly keys?: { readonly private: Eui; readonly public: Eui };
    readonly tried?: number;
  };
}

const ACB_ROLE = 4;

/**
 * Verifies a GBCS message with the keys of a keystore: the signature of a signed APDU with the
 * originator's DS key, and the MAC of a General-Ciphering APDU with a key-agreement pair. For a
 * command the MAC is the ACB's (GBCS 4.3.3.3): the ACB's KA key with the recipient device's, the ACB
 * being any keystore party whose KA certificate has role 4 (else any party with a KA key); for a
 * response or an alert it is the originator device's KA key with the recipient's (GBCS 4.3.3.4).
 * ECDH is symmetric, so either end's private key with the other end's public key checks it. The
 * signature and the MAC are reported apart; the decode throws GbcsError for an unreadable header.
 * @see docs/gbcs-bytes.md (General-Ciphering APDU and the GBCS MAC)
 */
export function verifyGbcs(input: Uint8Array | DecodedGbcs, keystore: GbcsKeystore): GbcsVerification {
  const decoded = input instanceof Uint8Array ? decodeGbcs(input) : input;
  return { decoded, signature: signatureOf(decoded, keystore), mac: macOf(decoded, keystore) };
}

function signatureOf(d: DecodedGbcs, keystore: GbcsKeystore): GbcsVerification['signature'] {
  if (!d.signature) return { status: 'unsigned' };
  const key = keystore.get(d.originator)?.ds;
  if (!key) return { status: 'no-key' };
  return {
    status: verifyP1363(key, d.generalSigning.signedBytes, d.signature) ? 'valid' : 'invalid',
    signer: d.originator,
  };
}

/** The (private, public) pairs a MAC can be checked with, named by their owners. */
function macPairs(d: DecodedGbcs, keystore: GbcsKeystore): [Eui, KeyObject, Eui, KeyObject][] {
  const pairs: [Eui, KeyObject, Eui, KeyObject][] = [];
  const between = (a: Eui, b: Eui) => {
    const ka = keystore.get(a);
    const kb = keystore.get(b);
    if (ka?.kaPrivate && kb?.ka) pairs.push([a, ka.kaPrivate, b, kb.ka]);
    else if (kb?.kaPrivate && ka?.ka) pairs.push([b, kb.kaPrivate, a, ka.ka]);
  };
  if (d.craFlag !== 1) {
    between(d.originator, d.recipient);
    return pairs;
  }
  const parties = [...keystore.entries()].filter(([eui, k]) => eui !== d.recipient && (k.ka || k.kaPrivate));
  const acbs = parties.filter(([, k]) => k.role === ACB_ROLE);
  for (const [eui] of acbs.length > 0 ? acbs : parties) between(eui, d.recipient);
  return pairs;
}

function macOf(d: DecodedGbcs, keystore: GbcsKeystore): GbcsVerification['mac'] {
  const wrapper = d.generalCiphering;
  if (!wrapper) return { status: 'absent' };
  const pairs = macPairs(d, keystore);
  if (pairs.length === 0) return { status: 'no-key' };
  for (const [own, ownKey, peer, peerKey] of pairs)
    if (checkGbcsMac(wrapper, ownKey, peerKey))
      return { status: 'valid', keys: { private: own, public: peer } };
  return { status: 'invalid', tried: pairs.length };
}
