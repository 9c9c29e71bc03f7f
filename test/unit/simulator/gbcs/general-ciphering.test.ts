import { createCipheriv, createECDH, createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { p256 } from '@noble/curves/p256';
import {
  aes128GcmTag,
  decodeCertificate,
  deriveKeyAgreementKey,
  keyAgreementKeyFromPem,
  rawPublicKey,
} from '../../../../certs';
import { parseEui } from '../../../../certs/eui';
import { deviceKeys } from '../../../../simulator';
import {
  checkGbcsMac,
  computeGbcsMac,
  decodeGeneralCiphering,
  encodeGeneralCiphering,
  encodeGeneralSigning,
  gbcsMacKey,
  GbcsError,
  wrapGeneralCiphering,
} from '../../../../simulator/gbcs';
import { apduArb } from '../../../property/simulator/gbcs-arbitraries';
import { keystoreItem, zaz1NoByNoCommand } from '../../../support/dcc-material';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GbcsError) return err.code;
    throw err;
  }
  return 'no error';
}

// --- an independent GMAC: GHASH in GF(2^128) over AES-ECB, no GCM mode involved (NIST SP 800-38D) ---
const R = 0xe1n << 120n;
const MASK = (1n << 128n) - 1n;
const big = (b: Uint8Array) => BigInt(`0x${toHex(b) || '0'}`);
function gfMul(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z & MASK;
}
function aesBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return Uint8Array.from(Buffer.concat([c.update(block), c.final()]));
}
function independentGmac(key: Uint8Array, iv: Uint8Array, aad: Uint8Array): Uint8Array {
  const h = big(aesBlock(key, new Uint8Array(16)));
  let y = 0n;
  for (let i = 0; i < aad.length; i += 16) {
    const block = new Uint8Array(16);
    block.set(aad.subarray(i, i + 16));
    y = gfMul(y ^ big(block), h);
  }
  y = gfMul(y ^ (BigInt(aad.length * 8) << 64n), h);
  const j0 = new Uint8Array(16);
  j0.set(iv);
  j0[15] = 1;
  const tag = y ^ big(aesBlock(key, j0));
  return hex(tag.toString(16).padStart(32, '0'));
}

/** The KDF assembled by hand from docs/gbcs-bytes.md, with Z from @noble/curves (not node:crypto). */
function independentKey(
  own: KeyObject,
  peer: KeyObject,
  originator: string,
  cra: number,
  counter: bigint,
  recipient: string,
): Uint8Array {
  const d = Buffer.from(own.export({ format: 'jwk' }).d!, 'base64url');
  const z = p256.getSharedSecret(d, rawPublicKey(peer)).subarray(1);
  const text =
    '00000001' +
    toHex(z) +
    '60857406080300' +
    originator +
    '09' +
    cra.toString(16).padStart(2, '0') +
    counter.toString(16).padStart(16, '0') +
    recipient;
  return Uint8Array.from(createHash('sha256').update(Buffer.from(text, 'hex')).digest().subarray(0, 16));
}

const ACB = deriveKeyAgreementKey('general-ciphering-test', 'ACB/KA');
const DEVICE_EUI = parseEui('00DB1234567890A0');
const DEVICE = deviceKeys(DEVICE_EUI).ka;
const command = encodeGeneralSigning({
  craFlag: 1,
  originatorCounter: 1200n,
  originator: parseEui('90B3D51F30020000'),
  recipient: DEVICE_EUI,
  messageCode: 0x0103,
  content: hex('300100'),
  signature: new Uint8Array(64).fill(0x5a),
});

describe('AES-128-GCM through the crypto seam', () => {
  it('matches the published GCM test cases 1 and 2 (McGrew-Viega, all-zero key and IV)', () => {
    const zero16 = new Uint8Array(16);
    const zero12 = new Uint8Array(12);
    expect(toHex(aes128GcmTag(zero16, zero12, new Uint8Array(), 16))).toBe(
      '58e2fccefa7e3061367f1d57a4e7455a',
    );
    expect(toHex(aes128GcmTag(zero16, zero12, new Uint8Array(), 16, zero16))).toBe(
      'ab6e47d42cec13bdf53a67b21257bddf',
    );
  });

  it('agrees with an independent GHASH implementation on any key, IV and AAD', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 80 }),
        (key, iv, aad) => {
          expect(toHex(aes128GcmTag(key, iv, aad, 12))).toBe(
            toHex(independentGmac(key, iv, aad).subarray(0, 12)),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('General-Ciphering APDU', () => {
  it('lays out DD, six 00, the length, 11 00000000, the General-Signing APDU and the 12-byte MAC', () => {
    const mac = hex('0102030405060708090a0b0c');
    const gc = encodeGeneralCiphering(command, mac);
    const len = 5 + command.length + 12;
    expect(toHex(gc)).toBe(`dd000000000000${len.toString(16)}1100000000${toHex(command)}${toHex(mac)}`);
    const d = decodeGeneralCiphering(gc);
    expect(d.generalSigningBytes).toEqual(command);
    expect(d.generalSigning.originatorCounter).toBe(1200n);
    expect(d.generalSigning.form).toBe('signed');
    expect(d.mac).toEqual(mac);
    expect(d.findings).toBeUndefined();
  });

  it('computes the MAC as the hand-assembled KDF and the independent GMAC say', () => {
    const key = gbcsMacKey(ACB.privateKey, DEVICE.publicKey, {
      craFlag: 1,
      originatorCounter: 1200n,
      originator: parseEui('90B3D51F30020000'),
      recipient: DEVICE_EUI,
    });
    expect(toHex(key)).toBe(
      toHex(
        independentKey(ACB.privateKey, DEVICE.publicKey, '90b3d51f30020000', 1, 1200n, '00db1234567890a0'),
      ),
    );
    const iv = hex('90b3d51f30020000' + '00000000');
    const expected = independentGmac(key, iv, hex('110000000000' + toHex(command))).subarray(0, 12);
    expect(toHex(computeGbcsMac(key, parseEui('90B3D51F30020000'), command))).toBe(toHex(expected));
    expect(
      toHex(decodeGeneralCiphering(wrapGeneralCiphering(command, ACB.privateKey, DEVICE.publicKey)).mac),
    ).toBe(toHex(expected));
  });

  it('checks from either end (ECDH is symmetric) and fails with any other key', () => {
    const gc = decodeGeneralCiphering(wrapGeneralCiphering(command, ACB.privateKey, DEVICE.publicKey));
    expect(checkGbcsMac(gc, DEVICE.privateKey, ACB.publicKey)).toBe(true);
    expect(checkGbcsMac(gc, ACB.privateKey, DEVICE.publicKey)).toBe(true);
    const other = deriveKeyAgreementKey('general-ciphering-test', 'other');
    expect(checkGbcsMac(gc, other.privateKey, ACB.publicKey)).toBe(false);
    expect(checkGbcsMac(gc, DEVICE.privateKey, other.publicKey)).toBe(false);
  });

  it('fails the MAC (or the decode) after one changed bit anywhere', () => {
    const gc = wrapGeneralCiphering(command, ACB.privateKey, DEVICE.publicKey);
    for (let at = 0; at < gc.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = gc.slice();
        copy[at]! ^= 1 << bit;
        let ok: boolean;
        try {
          ok = checkGbcsMac(decodeGeneralCiphering(copy), DEVICE.privateKey, ACB.publicKey);
        } catch (err) {
          if (!(err instanceof GbcsError)) throw err;
          ok = false;
        }
        if (ok) throw new Error(`bit ${bit} of byte ${at} flipped and the MAC still verifies`);
      }
    }
  });

  it('binds the transaction: the same APDU for another counter, CRA flag or recipient has another MAC', () => {
    const base = {
      craFlag: 1 as const,
      originatorCounter: 1200n,
      originator: parseEui('90B3D51F30020000'),
      recipient: DEVICE_EUI,
    };
    const k = toHex(gbcsMacKey(ACB.privateKey, DEVICE.publicKey, base));
    expect(
      toHex(gbcsMacKey(ACB.privateKey, DEVICE.publicKey, { ...base, originatorCounter: 1201n })),
    ).not.toBe(k);
    expect(toHex(gbcsMacKey(ACB.privateKey, DEVICE.publicKey, { ...base, craFlag: 2 }))).not.toBe(k);
    expect(
      toHex(
        gbcsMacKey(ACB.privateKey, DEVICE.publicKey, { ...base, recipient: parseEui('00DB1234567890A1') }),
      ),
    ).not.toBe(k);
  });

  it('round-trips any General-Signing APDU and MAC', () => {
    fc.assert(
      fc.property(apduArb, fc.uint8Array({ minLength: 12, maxLength: 12 }), (apdu, mac) => {
        const gs = encodeGeneralSigning(apdu);
        const gc = encodeGeneralCiphering(gs, mac);
        const d = decodeGeneralCiphering(gc);
        expect(d.generalSigningBytes).toEqual(gs);
        expect(d.mac).toEqual(mac);
        expect(encodeGeneralCiphering(d.generalSigningBytes, d.mac)).toEqual(gc);
      }),
      { numRuns: 100 },
    );
  });

  it('accepts a long-form length with a leading zero as a finding', () => {
    const gc = encodeGeneralCiphering(command, new Uint8Array(12));
    const h = toHex(gc);
    const longForm = hex(h.slice(0, 14) + '8200' + h.slice(14));
    const d = decodeGeneralCiphering(longForm);
    expect(d.findings).toEqual([
      { code: 'NON_MINIMAL_LENGTH', offset: 7, detail: `2-octet long form for ${5 + command.length + 12}` },
    ]);
  });

  it.each([
    ['empty', '', 'ERR_GBCS_TRUNCATED'],
    ['a General-Signing APDU', toHex(command), 'ERR_GBCS_TAG'],
    ['a non-empty header field', 'dd000000010000', 'ERR_GBCS_FIELD_RANGE'],
    ['a length longer than the input', 'dd00000000000020' + '1100000000', 'ERR_GBCS_LENGTH'],
    [
      'a security header other than 11 00000000',
      'dd000000000000' + '12' + '1500000001' + 'df' + '00'.repeat(12),
      'ERR_GBCS_FIELD_RANGE',
    ],
    ['no room for a MAC', 'dd000000000000' + '06' + '1100000000df', 'ERR_GBCS_TRUNCATED'],
  ])('refuses %s with a coded error', (_name, h, code) => {
    expect(codeOf(() => decodeGeneralCiphering(hex(h)))).toBe(code);
  });
});

describe('General-Ciphering with the ZAZ1 ACB key-agreement key', () => {
  const acbKa = keystoreItem('Z1-accessControlBroker-ka');
  const acb = keyAgreementKeyFromPem(acbKa.privateKeyPem);
  const acbCert = decodeCertificate(acbKa.certificatePem);
  const signed = zaz1NoByNoCommand();

  it('is the ACB KA certificate of the keystore (role 4, key agreement)', () => {
    expect([acbCert.role, acbCert.keyUsage, acbCert.eui]).toEqual([4, 'KA', '90B3D51F30000002']);
    expect(toHex(rawPublicKey(acb.publicKey))).toBe(toHex(rawPublicKey(acbCert.publicKey!)));
  });

  it('wraps the real 6.15.1 command; the device checks it with the ACB KA certificate', () => {
    const gc = wrapGeneralCiphering(signed, acb.privateKey, DEVICE.publicKey);
    const d = decodeGeneralCiphering(gc);
    expect(d.generalSigningBytes).toEqual(signed);
    expect(checkGbcsMac(d, DEVICE.privateKey, acbCert.publicKey!)).toBe(true);
    const key = independentKey(
      acb.privateKey,
      DEVICE.publicKey,
      '90b3d51f30020000',
      1,
      1200n,
      '00db1234567890a0',
    );
    expect(toHex(d.mac)).toBe(
      toHex(
        independentGmac(key, hex('90b3d51f3002000000000000'), hex('110000000000' + toHex(signed))).subarray(
          0,
          12,
        ),
      ),
    );
    const z1b = decodeCertificate(keystoreItem('Z1b-accessControlBroker-ka').certificatePem);
    expect(checkGbcsMac(d, DEVICE.privateKey, z1b.publicKey!)).toBe(false);
  });
});

/**
 * The MAC through a path that shares nothing with the project's: the key pairs come from node's
 * generateKeyPairSync, Z from node's createECDH, the KDF input and the AAD are written out by hand
 * from the GBCS text (KDF: GBCS 4.3.3.3; MAC: AES-128-GCM, IV = originator system title || 00000000,
 * AAD = 11 00 00 00 00 00 || the General-Signing APDU, GBCS 6.2.3), and the tag is node's own
 * aes-128-gcm cipher over no plaintext.
 */
describe('the GBCS MAC against node:crypto with the AAD assembled by hand', () => {
  const newPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const rawPrivate = (k: KeyObject) => Buffer.from(k.export({ format: 'jwk' }).d!, 'base64url');
  const rawPublic = (k: KeyObject) => k.export({ format: 'der', type: 'spki' }).subarray(-65);
  function nodeMac(
    own: KeyObject,
    peer: KeyObject,
    originator: string,
    cra: string,
    counter: string,
    recipient: string,
    apdu: Uint8Array,
  ): string {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(rawPrivate(own));
    const z = ecdh.computeSecret(rawPublic(peer));
    const kdfInput = Buffer.from(
      `00000001${z.toString('hex')}60857406080300${originator}09${cra}${counter}${recipient}`,
      'hex',
    );
    const key = createHash('sha256').update(kdfInput).digest().subarray(0, 16);
    const gcm = createCipheriv('aes-128-gcm', key, Buffer.from(`${originator}00000000`, 'hex'), {
      authTagLength: 16,
    });
    gcm.setAAD(Buffer.concat([Buffer.from([0x11, 0x00, 0x00, 0x00, 0x00, 0x00]), apdu]));
    gcm.final();
    return gcm.getAuthTag().subarray(0, 12).toString('hex');
  }

  const acb = newPair();
  const device = newPair();
  const supplier = newPair();
  const deviceEui = '0a1b2c3d4e5f6071';
  const supplierEui = '90b3d51f30010000';
  const forms = [
    { name: 'command (ACB KA private, device KA public)', cra: 1, from: supplierEui, to: deviceEui },
    { name: 'response (device KA private, recipient KA public)', cra: 2, from: deviceEui, to: supplierEui },
    { name: 'alert (device KA private, recipient KA public)', cra: 3, from: deviceEui, to: supplierEui },
  ] as const;

  it.each(forms)('a $name carries the MAC node computes', ({ cra, from, to }) => {
    const apdu = encodeGeneralSigning({
      craFlag: cra,
      originatorCounter: 0x0123456789abcdefn,
      originator: parseEui(from.toUpperCase()),
      recipient: parseEui(to.toUpperCase()),
      messageCode: cra === 3 ? 0x8f70 : 0x0103,
      content: hex('3003020101'),
      signature: new Uint8Array(64).fill(cra),
    });
    // Commands: the ACB's KA key with the device's; responses and alerts: the device's with the recipient's.
    const [own, peer] = cra === 1 ? [acb, device] : [device, supplier];
    const wrapped = wrapGeneralCiphering(apdu, own.privateKey, peer.publicKey);
    const expected = nodeMac(own.privateKey, peer.publicKey, from, `0${cra}`, '0123456789abcdef', to, apdu);
    expect(toHex(decodeGeneralCiphering(wrapped).mac)).toBe(expected);
    // and the other end computes the same from its own private key
    expect(nodeMac(peer.privateKey, own.publicKey, from, `0${cra}`, '0123456789abcdef', to, apdu)).toBe(
      expected,
    );
    expect(checkGbcsMac(decodeGeneralCiphering(wrapped), peer.privateKey, own.publicKey)).toBe(true);
  });

  it('is not the MAC of the five-byte prefix 11 00000000', () => {
    const apdu = encodeGeneralSigning({
      craFlag: 1,
      originatorCounter: 7n,
      originator: parseEui(supplierEui.toUpperCase()),
      recipient: parseEui(deviceEui.toUpperCase()),
      messageCode: 0x0103,
      content: hex('3000'),
    });
    const key = gbcsMacKey(acb.privateKey, device.publicKey, {
      craFlag: 1,
      originatorCounter: 7n,
      originator: parseEui(supplierEui.toUpperCase()),
      recipient: parseEui(deviceEui.toUpperCase()),
    });
    const fiveByte = aes128GcmTag(key, hex(`${supplierEui}00000000`), hex(`1100000000${toHex(apdu)}`), 12);
    const mac = decodeGeneralCiphering(wrapGeneralCiphering(apdu, acb.privateKey, device.publicKey)).mac;
    expect(toHex(mac)).not.toBe(toHex(fiveByte));
    expect(toHex(mac)).toBe(
      toHex(aes128GcmTag(key, hex(`${supplierEui}00000000`), hex(`110000000000${toHex(apdu)}`), 12)),
    );
  });
});
