import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicies,
  Extension,
  KeyIdentifier,
  KeyUsage as KeyUsageExtension,
  KeyUsageFlags,
  Name,
  PolicyInformation,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { ExtensionOid } from './decode-extensions';
import { tlv } from './der/writer';

/** Which key usage bits an issued certificate carries. */
export type KeyUsageChoice = 'DS' | 'KA' | 'both' | 'ca';

/** One subject attribute to encode: UTF8String or PrintableString text, or a BIT STRING of bytes. */
export type NameAttribute =
  | { readonly oid: string; readonly text: string; readonly printable?: boolean }
  | { readonly oid: string; readonly bits: Uint8Array };

/** Encodes a Name with one attribute per RDN, in the given order. */
export function encodeName(attributes: readonly NameAttribute[]): Name {
  return new Name(
    attributes.map((attribute) => {
      let value: AttributeValue;
      if ('bits' in attribute) {
        const bitString = tlv(0x03, Uint8Array.from([0, ...attribute.bits]));
        value = new AttributeValue({ anyValue: toArrayBuffer(bitString) });
      } else {
        value = new AttributeValue(
          attribute.printable ? { printableString: attribute.text } : { utf8String: attribute.text },
        );
      }
      return new RelativeDistinguishedName([new AttributeTypeAndValue({ type: attribute.oid, value })]);
    }),
  );
}

/** Copies bytes into a fresh ArrayBuffer (asn1-schema wants ArrayBuffer, not views). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

function extension(oid: string, critical: boolean, value: Uint8Array | ArrayBuffer): Extension {
  const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(toArrayBuffer(bytes)) });
}

/** keyUsage extension for a choice. */
export function keyUsageExtension(choice: KeyUsageChoice, critical: boolean): Extension {
  const flags = {
    DS: KeyUsageFlags.digitalSignature,
    KA: KeyUsageFlags.keyAgreement,
    both: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement,
    ca: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
  }[choice];
  return extension(ExtensionOid.keyUsage, critical, AsnConvert.serialize(new KeyUsageExtension(flags)));
}

/** basicConstraints CA:TRUE (critical), with an optional pathLenConstraint. */
export function caConstraintsExtension(pathLen: number | undefined): Extension {
  const value = new BasicConstraints(
    pathLen === undefined ? { cA: true } : { cA: true, pathLenConstraint: pathLen },
  );
  return extension(ExtensionOid.basicConstraints, true, AsnConvert.serialize(value));
}

/** subjectKeyIdentifier (non-critical). */
export function skiExtension(keyId: Uint8Array): Extension {
  return extension(
    ExtensionOid.subjectKeyIdentifier,
    false,
    AsnConvert.serialize(new SubjectKeyIdentifier(toArrayBuffer(keyId))),
  );
}

/** authorityKeyIdentifier with keyIdentifier only (non-critical). */
export function akiExtension(keyId: Uint8Array): Extension {
  const value = new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(toArrayBuffer(keyId)) });
  return extension(ExtensionOid.authorityKeyIdentifier, false, AsnConvert.serialize(value));
}

/** certificatePolicies with one policy OID. */
export function policyExtension(policyOid: string, critical: boolean): Extension {
  const value = new CertificatePolicies([new PolicyInformation({ policyIdentifier: policyOid })]);
  return extension(ExtensionOid.certificatePolicies, critical, AsnConvert.serialize(value));
}

/** A private-arc extension marked critical, which no relying party understands. */
export function unknownCriticalExtension(): Extension {
  return extension('1.3.6.1.4.1.55555.1.1', true, Uint8Array.from([0x05, 0x00]));
}
