import { issueLeafCertificate, RemotePartyRole, type CredentialPair } from '../../../../certs';
import { issueXmlSigningPair, issueXmlSigningPairs, REFERENCE_DCC_EUI } from '../../../../certs/xml-signing';
import { DuisError, emitDuisRequest, emitDuisResponse, parseDuisRequest } from '../../../../simulator/duis';
import {
  decodeSignatureValue,
  parseIssuerName,
  signDuisXml,
  verifyDuisXml,
  withoutComments,
  type XmlSigTrust,
} from '../../../../simulator/duis/xmldsig';
import { krpRequest } from '../../../../simulator/requests';
import { M1, party, pki } from '../../../support/reference-dcc';

const xmlKeys = issueXmlSigningPairs(pki());
const noA = party('NO-A');
const noB = party('NO-B');
const noAXml = xmlKeys.users.get(noA.eui)!;
const noBXml = xmlKeys.users.get(noB.eui)!;

function trust(extra: Partial<XmlSigTrust> = {}): XmlSigTrust {
  return {
    certificates: [...xmlKeys.users.values(), xmlKeys.dcc].map((p) => p.certificate),
    anchor: pki().root.certificate,
    intermediates: [pki().ca.certificate],
    dccEui: REFERENCE_DCC_EUI,
    ...extra,
  };
}

function request(sender = noA.eui): string {
  return emitDuisRequest(
    krpRequest({
      sender,
      device: M1,
      counter: 1200n,
      remotePartyRole: 'NetworkOperator',
      ds: noA.ds.certificate,
      ka: noA.ka.certificate,
      path: [pki().ca.certificate],
    }),
  );
}

function signed(pair: CredentialPair = noAXml, xml = request()): string {
  return signDuisXml(xml, pair);
}

const BODY_ROLE = '<sr:RemotePartyRole>NetworkOperator</sr:RemotePartyRole>';

describe('XML-DSig, DUIS profile', () => {
  it('signs as the DCC does: enveloped ds:Signature last, URI="", exc-c14n, ecdsa-sha256, issuer + decimal serial', () => {
    const xml = signed();
    expect(xml).toMatch(/<ds:Signature [^>]*><ds:SignedInfo>/);
    expect(xml.trimEnd()).toMatch(/<\/ds:Signature><\/sr:Request>$/);
    expect(xml).toContain('<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>');
    expect(xml).toContain(
      '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>',
    );
    expect(xml).toContain('<ds:Reference URI="">');
    expect(xml).toContain(
      '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>',
    );
    expect(xml).toContain('<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
    expect(xml).toContain('<ds:X509IssuerName>CN=ZC,OU=07</ds:X509IssuerName>');
    const serial = /<ds:X509SerialNumber>([0-9]+)<\/ds:X509SerialNumber>/.exec(xml)![1]!;
    expect(BigInt(serial)).toBe(BigInt(`0x${noAXml.certificate.serialHex}`));
    const value = /<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/.exec(xml)![1]!;
    expect(decodeSignatureValue(value)).toHaveLength(64);
    expect(xml).not.toMatch(/>\s+</);
  });

  it('verifies its own signature and the signed document still parses as DUIS', () => {
    const xml = signed();
    const verdict = verifyDuisXml(xml, trust());
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.ok && verdict.signer.eui).toBe(noA.eui);
    expect(parseDuisRequest(xml).requestId.originator).toBe(noA.eui);
  });

  it('accepts SignatureValue wrapped with &#13; line breaks, as the DCC tool writes it', () => {
    const xml = signed().replace(
      /<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/,
      (_m, v: string) => `<ds:SignatureValue>${v.slice(0, 76)}&#13;\n${v.slice(76)}</ds:SignatureValue>`,
    );
    expect(xml).toContain('&#13;');
    expect(verifyDuisXml(xml, trust())).toMatchObject({ ok: true });
  });

  it('refuses a changed body, an unsigned document and a malformed SignatureValue', () => {
    const xml = signed();
    expect(
      verifyDuisXml(xml.replace(BODY_ROLE, BODY_ROLE.replace('Network', 'Nutwork')), trust()),
    ).toMatchObject({
      ok: false,
      code: 'XMLDSIG_DIGEST',
    });
    expect(verifyDuisXml(request(), trust())).toMatchObject({ ok: false, code: 'XMLDSIG_MISSING' });
    expect(
      verifyDuisXml(xml.replace(/<ds:SignatureValue>[^<]+</, '<ds:SignatureValue>AAAA<'), trust()),
    ).toMatchObject({ ok: false, code: 'XMLDSIG_SIGNATURE_VALUE' });
  });

  it('refuses a signature value that does not verify', () => {
    const xml = signed();
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)![1]!;
    const bytes = Buffer.from(value, 'base64');
    bytes[10] = bytes[10]! ^ 1;
    expect(verifyDuisXml(xml.replace(value, bytes.toString('base64')), trust())).toMatchObject({
      ok: false,
      code: 'XMLDSIG_SIGNATURE',
    });
  });

  it('refuses a request signed by anyone but the user whose EUI leads the RequestID', () => {
    expect(verifyDuisXml(signed(noBXml), trust())).toMatchObject({ ok: false, code: 'XMLDSIG_WRONG_SIGNER' });
    expect(verifyDuisXml(signed(noA.ds), trust({ certificates: [noA.ds.certificate] }))).toMatchObject({
      ok: false,
      code: 'XMLDSIG_NOT_XML_SIGNING',
    });
    expect(verifyDuisXml(signed(xmlKeys.dcc), trust())).toMatchObject({
      ok: false,
      code: 'XMLDSIG_NOT_XML_SIGNING',
    });
    expect(verifyDuisXml(signed(), trust({ certificates: [noBXml.certificate] }))).toMatchObject({
      ok: false,
      code: 'XMLDSIG_UNKNOWN_SIGNER',
    });
  });

  it('refuses a revoked, expired or foreign-anchored signer', () => {
    const xml = signed();
    expect(verifyDuisXml(xml, trust({ revoked: new Set([noAXml.certificate.certificateId]) }))).toMatchObject(
      {
        ok: false,
        code: 'XMLDSIG_CERT_PATH',
      },
    );
    expect(verifyDuisXml(xml, trust({ at: new Date('2040-01-01T00:00:00Z') }))).toMatchObject({
      ok: false,
      code: 'XMLDSIG_CERT_PATH',
    });
    const other = issueXmlSigningPair(
      { ...pki(), seed: 'another-world', ca: pki().ca },
      noA.eui,
      RemotePartyRole.xmlSign,
    );
    expect(verifyDuisXml(xml, trust({ anchor: other.certificate }))).toMatchObject({
      ok: false,
      code: 'XMLDSIG_CERT_PATH',
    });
  });

  it('accepts only the DCC as the signer of a response', () => {
    const response = emitDuisResponse({
      requestId: { originator: noA.eui, target: M1, counter: 1n },
      responseCode: 'I0',
      responseDateTime: new Date('2024-06-01T12:00:00Z'),
      serviceReference: '6.15',
      serviceReferenceVariant: '6.15.1',
    });
    expect(verifyDuisXml(signDuisXml(response, xmlKeys.dcc), trust())).toMatchObject({ ok: true });
    expect(verifyDuisXml(signDuisXml(response, noAXml), trust())).toMatchObject({
      ok: false,
      code: 'XMLDSIG_NOT_XML_SIGNING',
    });
  });

  describe('signature wrapping', () => {
    const xml = signed();
    const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
    const unsigned = xml.replace(sig, '');

    it('refuses a second signature', () => {
      const twice = xml.replace('</sr:Header>', `</sr:Header>${sig}`);
      expect(verifyDuisXml(twice, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_WRAPPING' });
      const nested = xml.replace('</sr:Body>', `${sig}</sr:Body>`);
      expect(verifyDuisXml(nested, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_WRAPPING' });
    });

    it('refuses a Signature that is not the last child (a moved body)', () => {
      const body = /<sr:Body>[\s\S]*<\/sr:Body>/.exec(unsigned)![0];
      const moved = unsigned.replace(body, '').replace('</sr:Request>', `${sig}${body}</sr:Request>`);
      expect(verifyDuisXml(moved, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_WRAPPING' });
    });

    it('refuses a Reference to another node, extra references and foreign transforms', () => {
      expect(verifyDuisXml(xml.replace('URI=""', 'URI="#body"'), trust())).toMatchObject({
        ok: false,
        code: 'XMLDSIG_REFERENCE',
      });
      const ref = /<ds:Reference[\s\S]*<\/ds:Reference>/.exec(xml)![0];
      expect(verifyDuisXml(xml.replace(ref, ref + ref), trust())).toMatchObject({
        ok: false,
        code: 'XMLDSIG_STRUCTURE',
      });
      const xpath = xml.replace(
        /<ds:Transform Algorithm="[^"]+"\/>/,
        '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/>',
      );
      expect(verifyDuisXml(xpath, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_ALGORITHM' });
    });

    it('leaves comments in the content out as c14n does; refuses them inside the Signature, and processing instructions', () => {
      const commented = xml.replace('</sr:Header>', '<!-- x --></sr:Header>');
      expect(commented).not.toBe(xml);
      expect(verifyDuisXml(commented, trust())).toMatchObject({ ok: true });
      expect(withoutComments(commented)).not.toContain('<!--');
      expect(verifyDuisXml(withoutComments(commented), trust())).toMatchObject({ ok: true });
      const inDigest = xml.replace(/(<ds:DigestValue>[^<]{4})/, '$1<!-- x -->');
      expect(verifyDuisXml(inDigest, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_COMMENT' });
      const pi = xml.replace('</sr:Header>', '<?x y?></sr:Header>');
      expect(verifyDuisXml(pi, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_COMMENT' });
    });

    it('refuses embedded certificates and objects', () => {
      const withCert = xml.replace(
        '</ds:X509IssuerSerial>',
        '</ds:X509IssuerSerial><ds:X509Certificate>AA==</ds:X509Certificate>',
      );
      expect(verifyDuisXml(withCert, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_KEYINFO' });
      const withObject = xml.replace('</ds:KeyInfo>', '</ds:KeyInfo><ds:Object>x</ds:Object>');
      expect(verifyDuisXml(withObject, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_STRUCTURE' });
    });

    it('refuses a weaker algorithm', () => {
      const sha1 = xml.replace(
        'http://www.w3.org/2001/04/xmlenc#sha256',
        'http://www.w3.org/2000/09/xmldsig#sha1',
      );
      expect(verifyDuisXml(sha1, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_ALGORITHM' });
    });
  });

  describe('pinned certificates (named one by one: --cert, a target profile)', () => {
    const response = (): string =>
      emitDuisResponse({
        requestId: { originator: noA.eui, target: M1, counter: 1200n },
        responseCode: 'I99',
        responseDateTime: new Date('2024-06-01T12:00:00Z'),
        serviceReference: '6.15',
        serviceReferenceVariant: '6.15.1',
      });

    it("accepts a Response signed by the ACB's digital-signing certificate (OU 04) when pinned; looked up, the OU rule refuses it", () => {
      const acb = party('ACB').ds;
      expect(acb.certificate.subjectOu).not.toBe('89');
      const xml = signed(acb, response());
      const looked = { certificates: [acb.certificate] };
      expect(verifyDuisXml(xml, looked)).toMatchObject({ ok: false, code: 'XMLDSIG_NOT_XML_SIGNING' });
      expect(verifyDuisXml(xml, { certificates: [], pinned: [acb.certificate] })).toMatchObject({ ok: true });
      // pinned or not, the signature must hold
      const other = signed(party('NO-B').ds, response());
      expect(verifyDuisXml(other, { certificates: [], pinned: [acb.certificate] })).toMatchObject({
        ok: false,
        code: 'XMLDSIG_UNKNOWN_SIGNER',
      });
    });

    it('accepts a signer whose OU names no role when pinned (as the pre-1.4.1 DSP profile\'s "137"); a Request\'s signer must still be its sender', () => {
      const odd = issueLeafCertificate({
        seed: 'pinned-odd-ou',
        label: 'xml',
        issuer: pki().ca,
        subjectEui: noA.eui,
        role: RemotePartyRole.xmlSign,
        keyUsage: 'DS',
        defects: ['ouMalformed'],
      });
      expect(odd.certificate.role).toBeUndefined();
      const xml = signed(odd);
      expect(verifyDuisXml(xml, { certificates: [odd.certificate] })).toMatchObject({
        ok: false,
        code: 'XMLDSIG_NOT_XML_SIGNING',
      });
      expect(verifyDuisXml(xml, { certificates: [], pinned: [odd.certificate] })).toMatchObject({ ok: true });
      const fromB = signed(odd, request(noB.eui));
      expect(verifyDuisXml(fromB, { certificates: [], pinned: [odd.certificate] })).toMatchObject({
        ok: false,
        code: 'XMLDSIG_WRONG_SIGNER',
      });
      // a key-agreement certificate never signs, pinned or not
      expect(verifyDuisXml(signed(noA.ka), { certificates: [], pinned: [noA.ka.certificate] })).toMatchObject(
        {
          ok: false,
          code: 'XMLDSIG_NOT_XML_SIGNING',
        },
      );
    });
  });

  it("accepts the own-element XPath filter only on a SMETS1SignedResponse's signature, only in its one form", () => {
    const ownFilter =
      '<ds:Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2"><f:XPath xmlns:f="http://www.w3.org/2002/06/xmldsig-filter2" Filter="intersect">here()/ancestor::sr:SMETS1SignedResponse[1]</f:XPath></ds:Transform>';
    // on a Request's root signature the filter is refused (it would narrow what the signature covers)
    const onRequest = signed()
      .replace('<ds:Transforms>', `<ds:Transforms>${ownFilter}`)
      .replace(
        '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>',
        '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
      );
    expect(verifyDuisXml(onRequest, trust())).toMatchObject({ ok: false, code: 'XMLDSIG_ALGORITHM' });
    const s1sp = issueXmlSigningPair(pki(), noA.eui, RemotePartyRole.dspXmlSign);
    const element = signDuisXml(
      `<sr:SMETS1SignedResponse xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.2"><sr:SMETS1Response><sr:Header/></sr:SMETS1Response></sr:SMETS1SignedResponse>`,
      s1sp,
    );
    expect(element).toContain('here()/ancestor::sr:SMETS1SignedResponse[1]');
    const s1Trust = { certificates: [s1sp.certificate] };
    const expected = { expected: { role: RemotePartyRole.dspXmlSign } };
    expect(verifyDuisXml(element, s1Trust, expected)).toMatchObject({ ok: true });
    for (const other of [
      element.replace('[1]</', '[2]</'),
      element.replace('Filter="intersect"', 'Filter="union"'),
      element.replace('here()/ancestor::sr:', 'here()/ancestor::ds:'),
    ]) {
      expect(other).not.toBe(element);
      expect(verifyDuisXml(other, s1Trust, expected)).toMatchObject({ ok: false, code: 'XMLDSIG_ALGORITHM' });
    }
    expect(
      verifyDuisXml(
        element
          .replace('<sr:Header></sr:Header>', '<sr:Header>x</sr:Header>')
          .replace('<sr:Header/>', '<sr:Header>x</sr:Header>'),
        s1Trust,
        expected,
      ),
    ).toMatchObject({ ok: false, code: 'XMLDSIG_DIGEST' });
  });

  it('throws a coded DuisError for text that is not admissible XML', () => {
    expect(() => verifyDuisXml('<sr:Request', trust())).toThrow(DuisError);
    expect(() => verifyDuisXml('<!DOCTYPE x [<!ENTITY a "b">]><x/>', trust())).toThrow(DuisError);
    expect(() => signDuisXml('not xml', noAXml)).toThrow(DuisError);
  });

  it('parses issuer names in the DCC form', () => {
    expect(parseIssuerName('CN=Z1,OU=07')).toEqual({ cn: 'Z1', ou: '07' });
    expect(parseIssuerName('OU=07, CN=Z1')).toEqual({ cn: 'Z1', ou: '07' });
    expect(parseIssuerName('CN=Z1,CN=Z2')).toBeUndefined();
    expect(parseIssuerName('O=x')).toBeUndefined();
  });

  it('issues XML-signing certificates with OU 87 for users and 89 for the DCC', () => {
    expect(noAXml.certificate.subjectOu).toBe('87');
    expect(noAXml.certificate.role).toBe(RemotePartyRole.xmlSign);
    expect(xmlKeys.dcc.certificate.subjectOu).toBe('89');
    expect(xmlKeys.dcc.certificate.eui).toBe(REFERENCE_DCC_EUI);
  });
});
