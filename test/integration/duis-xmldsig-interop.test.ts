import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeCertificate, derToPem, parseEui, pemToDerList } from '../../certs';
import { referenceDuisKeys } from '../../harness/serve/duis-routes';
import { emitSmets1DuisResponse, emitSmets1SignedResponse } from '../../simulator/duis/smets1-response';
import { extractElement, signDuisXml } from '../../simulator/duis/xmldsig';
import { emitDuisRequest, emitDuisResponse, type DuisRequest, type DuisResponse } from '../../simulator/duis';
import { krpRequest, supplyRequest } from '../../simulator/requests';
import { runCli } from '../support/cli';
import {
  keystoreItem,
  loadKeystoreItems,
  loadTemplate,
  loadZ1bNoPair,
  loadZ1Ca,
  type KeystoreItem,
} from '../support/dcc-material';
import {
  javaAvailable,
  runDccTool,
  runDccToolBatch,
  runXmlsec1Verify,
  xmlsec1Available,
} from '../support/oracles';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'smets1-xmldsig-'));
const at = (name: string): string => join(dir, name);
const NO_EUI = parseEui('90B3D51F30020000');
const SUPPLIER_EUI = parseEui('90B3D51F30010000');
const DEVICE = parseEui('00DB1234567890A0');

const no = keystoreItem('xml-sign-90B3D51F30020000-ds');
const supplier = keystoreItem('xml-sign-90B3D51F30010000-ds');
const dcc = keystoreItem('dsp-xml-sign-90B3D51F30000002-ds');
writeFileSync(at('no.key'), no.privateKeyPem);
writeFileSync(at('no.pem'), no.certificatePem);
writeFileSync(at('supplier.key'), supplier.privateKeyPem);
writeFileSync(at('supplier.pem'), supplier.certificatePem);
writeFileSync(at('dcc.key'), dcc.privateKeyPem);
writeFileSync(at('dcc.pem'), dcc.certificatePem);
const keystore = require.resolve('@smartdcc/dccboxed-keystore/keystore.json');
writeFileSync(at('template.xml'), loadTemplate('CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML'));

/** Changes the RequestID counter: still schema-valid, but no longer the signed document. */
function flipCounter(xml: string): string {
  const changed = xml.replace(/(<sr:RequestID>[^<]*:)1200</, '$11201<');
  expect(changed).not.toBe(xml);
  return changed;
}

async function sign(file: string, key: string, cert: string, out: string): Promise<string> {
  const r = await runCli(['duis', 'sign', file, '--key', key, '--cert', cert, '--out', out], dir);
  expect(r).toMatchObject({ code: 0 });
  return readFileSync(at(out), 'utf8');
}

async function verify(file: string): Promise<{ code: number; out: string }> {
  return runCli(['duis', 'verify', file, '--keystore', keystore, '--json'], dir);
}

const itJava = (name: string, fn: () => Promise<void>): void =>
  it(name, async () => {
    if (!javaAvailable()) return;
    await fn();
  });

const itXmlsec = (name: string, fn: () => Promise<void>): void =>
  it(name, async () => {
    if (!xmlsec1Available()) return;
    await fn();
  });

describe('XML-DSig interop with the DCC signing tool', () => {
  itJava(
    'what the DCC tool signs, smets1 duis verify accepts; one changed character and both refuse',
    async () => {
      const signed = runDccTool('Sign', at('template.xml'));
      expect(signed.status).toBe(0);
      expect(signed.stdout).toContain('&#13;');
      writeFileSync(at('dcc-signed.xml'), signed.stdout);
      const ok = await verify('dcc-signed.xml');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ valid: true, signer: { eui: NO_EUI, role: 135 } });

      writeFileSync(at('dcc-signed-flipped.xml'), flipCounter(signed.stdout));
      const bad = await verify('dcc-signed-flipped.xml');
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.out)).toMatchObject({ valid: false, code: 'XMLDSIG_DIGEST' });
      const tool = runDccTool('Validate', at('dcc-signed-flipped.xml'));
      expect(tool.status).toBe(10);
      expect(tool.stderr).toContain('failed signature check');
    },
  );

  itJava(
    'what smets1 duis sign writes, the DCC tool validates (XSD and signature); a change is refused',
    async () => {
      const mine = await sign('template.xml', 'no.key', 'no.pem', 'mine.xml');
      const tool = runDccTool('Validate', at('mine.xml'));
      expect(tool.stderr).toContain('passed xsd validation');
      expect(tool.stderr).toContain('passed signature check');
      expect(tool.status).toBe(0);
      expect((await verify('mine.xml')).code).toBe(0);

      writeFileSync(at('mine-flipped.xml'), flipCounter(mine));
      expect(runDccTool('Validate', at('mine-flipped.xml')).status).toBe(10);
      expect((await verify('mine-flipped.xml')).code).toBe(1);
    },
  );

  itJava(
    'every request and response form the project emits passes the DCC tool (XSD + signature)',
    async () => {
      const z1b = loadZ1bNoPair();
      const header = { sender: NO_EUI, device: DEVICE, counter: 1200n };
      const requests: [string, DuisRequest, 'no' | 'supplier'][] = [
        [
          '6.15.1 CV 4',
          krpRequest({
            ...header,
            remotePartyRole: 'NetworkOperator',
            ds: z1b.ds.certificate,
            ka: z1b.ka.certificate,
            path: [loadZ1Ca()],
          }),
          'no',
        ],
        [
          '6.15.1 CV 5',
          {
            ...krpRequest({ ...header, remotePartyRole: 'NetworkOperator' }),
            commandVariant: 5,
            body: { kind: 'SignedPreCommand', gbcsPayload: Uint8Array.from([0xdf, 0x09, 0x01, 0x02]) },
          },
          'no',
        ],
        ['7.2', supplyRequest({ srv: '7.2', sender: SUPPLIER_EUI, device: DEVICE, counter: 7n }), 'supplier'],
      ];
      for (const [name, request, who] of requests) {
        writeFileSync(at('emitted.xml'), emitDuisRequest(request));
        await sign('emitted.xml', `${who}.key`, `${who}.pem`, 'emitted-signed.xml');
        const tool = runDccTool('Validate', at('emitted-signed.xml'));
        if (tool.status !== 0) throw new Error(`${name}: ${tool.stderr}`);
      }
      const responses: DuisResponse[] = [
        {
          requestId: { originator: NO_EUI, target: DEVICE, counter: 1200n },
          responseCode: 'I99',
          responseDateTime: new Date('2024-06-01T12:00:00Z'),
          // the DUIS schema requires Body/ResponseMessage with the service reference on every response
          serviceReference: '6.15',
          serviceReferenceVariant: '6.15.1',
        },
        {
          requestId: { originator: NO_EUI, target: DEVICE, counter: 1200n },
          responseCode: 'I0',
          responseDateTime: new Date('2024-06-01T12:00:00Z'),
          serviceReference: '6.15',
          serviceReferenceVariant: '6.15.1',
          body: { kind: 'PreCommand', gbcsPayload: Uint8Array.from([0xdf, 0x09, 0x01]), gbcsVersion: '4.0' },
        },
      ];
      for (const response of responses) {
        writeFileSync(at('response.xml'), emitDuisResponse(response));
        await sign('response.xml', 'dcc.key', 'dcc.pem', 'response-signed.xml');
        const tool = runDccTool('Validate', at('response-signed.xml'));
        if (tool.status !== 0) throw new Error(`${response.responseCode}: ${tool.stderr}`);
        expect((await verify('response-signed.xml')).code).toBe(0);
      }
    },
  );
});

describe('XML-DSig interop with xmlsec1 (optional oracle)', () => {
  itXmlsec('xmlsec1 verifies what smets1 duis sign writes and refuses a changed character', async () => {
    const mine = await sign('template.xml', 'no.key', 'no.pem', 'xmlsec-mine.xml');
    expect(runXmlsec1Verify(at('no.pem'), at('xmlsec-mine.xml')).status).toBe(0);
    writeFileSync(at('xmlsec-flipped.xml'), flipCounter(mine));
    expect(runXmlsec1Verify(at('no.pem'), at('xmlsec-flipped.xml')).status).not.toBe(0);
  });
});

// Every DUIS template of @smartdcc/duis-templates, both ways: what the DCC's tool signs, duis verify
// accepts given the signer's certificate; what duis sign writes, the DCC's tool and xmlsec1 accept.
describe('every DUIS template, with the DCC tool, xmlsec1 and duis verify', () => {
  const templates = join(dirname(require.resolve('@smartdcc/duis-templates/package.json')), 'templates');
  const names = readdirSync(templates).filter((n) => n.endsWith('.XML'));
  const items = loadKeystoreItems().filter((e) => e.keyUsage === 'digitalSignature');
  const serialOf = (e: KeystoreItem): string =>
    BigInt(`0x${decodeCertificate(pemToDerList(e.certificatePem)[0]!).serialHex || '0'}`).toString(10);
  const bySerial = new Map(items.map((e) => [serialOf(e), e]));
  const signerPem = (xml: string, name: string): string => {
    const serial = /<ds:X509SerialNumber>\s*(\d+)\s*</.exec(xml)?.[1];
    const item = serial === undefined ? undefined : bySerial.get(serial);
    if (!item) throw new Error(`${name}: no keystore certificate with serial ${serial ?? '?'}`);
    const file = at(`${name}.signer.pem`);
    writeFileSync(file, item.certificatePem);
    return file;
  };

  itJava(
    'what the DCC tool signs verifies with duis verify given its certificate (pinned: any OU, comments left out); looked up, only signers without OU 87 are refused',
    async () => {
      const out = at('jar-signed');
      mkdirSync(out, { recursive: true });
      const signed = runDccToolBatch(
        'sign',
        names.map((n) => join(templates, n)),
        out,
      );
      let checked = 0;
      let withComments = 0;
      let otherOu = 0;
      for (const name of names) {
        const r = signed.get(join(templates, name))!;
        // the tool has no key for two templates' senders (MISSING_KEY)
        if (r.code !== 'SUCCESS') continue;
        const file = join(out, name);
        const pinned = await runCli(
          ['duis', 'verify', file, '--cert', signerPem(r.stdout, name), '--json'],
          dir,
        );
        if (pinned.code !== 0) throw new Error(`${name}: ${pinned.out}`);
        const looked = await verify(file);
        const role = (JSON.parse(pinned.out) as { signer: { role: number } }).signer.role;
        if (role === 135) expect({ name, code: looked.code }).toEqual({ name, code: 0 });
        else {
          otherOu++;
          expect(JSON.parse(looked.out)).toMatchObject({ valid: false, code: 'XMLDSIG_NOT_XML_SIGNING' });
        }
        if (r.stdout.includes('<!--')) withComments++;
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(names.length - 2);
      expect(withComments).toBeGreaterThanOrEqual(6);
      expect(otherOu).toBeGreaterThanOrEqual(4);
    },
  );

  itJava(
    'what duis sign writes for every template passes the DCC tool (XSD and signature), xmlsec1 and duis verify',
    async () => {
      const out = at('mine-signed');
      mkdirSync(out, { recursive: true });
      const xmlKeys = new Map(items.filter((e) => e.name.includes('xml-sign')).map((e) => [e.eui, e]));
      const files: string[] = [];
      for (const name of names) {
        const xml = readFileSync(join(templates, name), 'utf8');
        const sender = /<sr:RequestID>\s*([0-9A-Fa-f-]{23}):/.exec(xml)?.[1]?.replace(/-/g, '').toUpperCase();
        const key = sender === undefined ? undefined : xmlKeys.get(sender);
        if (!key) continue;
        writeFileSync(at(`${name}.key`), key.privateKeyPem);
        writeFileSync(at(`${name}.pem`), key.certificatePem);
        writeFileSync(at(`${name}.in`), xml);
        const file = join(out, name);
        const r = await runCli(
          ['duis', 'sign', `${name}.in`, '--key', `${name}.key`, '--cert', `${name}.pem`, '--out', file],
          dir,
        );
        if (r.code !== 0) throw new Error(`${name}: ${r.err}`);
        const mine = await runCli(['duis', 'verify', file, '--cert', `${name}.pem`, '--json'], dir);
        expect({ name, code: mine.code }).toEqual({ name, code: 0 });
        if (xmlsec1Available()) {
          const x = runXmlsec1Verify(at(`${name}.pem`), file);
          if (x.status !== 0) throw new Error(`${name}: xmlsec1 ${x.stderr}`);
        }
        files.push(file);
      }
      // every template whose sender has an XML-signing key in the DCC keystore (all but three)
      expect(files.length).toBeGreaterThanOrEqual(names.length - 3);
      mkdirSync(at('mine-validated'), { recursive: true });
      const validated = runDccToolBatch('validate', files, at('mine-validated'));
      for (const file of files) {
        const v = validated.get(file)!;
        if (v.code !== 'SUCCESS' || !v.stderr.includes('passed signature check'))
          throw new Error(`${file}: ${v.code} ${v.stderr}`);
      }
    },
  );
});

// The SMETS1 answer carries two signatures: the S1SP's inside SMETS1SignedResponse (it selects its
// own element, so it verifies in place) and the DCC's over the whole Response (docs/dcc-boxed.md).
describe('a SMETS1 answer with the usual tools', () => {
  const keys = referenceDuisKeys();
  const user = parseEui('90B3D51F30030001');
  const device = parseEui('00DB123456789001');
  const answer = (counter: bigint): string =>
    signDuisXml(
      emitSmets1DuisResponse({
        requestId: { originator: user, target: device, counter },
        responseCode: 'I0',
        at: new Date('2024-06-01T12:00:00Z'),
        srv: '7.1',
        signedResponse: emitSmets1SignedResponse(
          { device, user, counter, srv: '7.1', success: true },
          keys.s1sp,
        ),
      }),
      keys.dcc,
    );
  writeFileSync(at('s1sp.pem'), derToPem(keys.s1sp.certificate.der));
  writeFileSync(at('dcc-ref.pem'), derToPem(keys.dcc.certificate.der));
  const outerXpath = "/*/*[local-name()='Signature']";

  itXmlsec(
    'plain xmlsec1 --verify checks the S1SP signature in place, --node-xpath the DCC one; a change fails both',
    async () => {
      const xml = answer(7n);
      writeFileSync(at('smets1.xml'), xml);
      expect(runXmlsec1Verify(at('s1sp.pem'), at('smets1.xml')).status).toBe(0);
      expect(runXmlsec1Verify(at('dcc-ref.pem'), at('smets1.xml'), outerXpath).status).toBe(0);
      // the other certificate fails each: the tools check what they say they check
      expect(runXmlsec1Verify(at('dcc-ref.pem'), at('smets1.xml')).status).not.toBe(0);
      const inInner = xml.replace('<ra:OriginatorCounter>7<', '<ra:OriginatorCounter>8<');
      expect(inInner).not.toBe(xml);
      writeFileSync(at('smets1-changed.xml'), inInner);
      expect(runXmlsec1Verify(at('s1sp.pem'), at('smets1-changed.xml')).status).not.toBe(0);
      expect(runXmlsec1Verify(at('dcc-ref.pem'), at('smets1-changed.xml'), outerXpath).status).not.toBe(0);
      const inOuter = xml.replace('<sr:ResponseCode>I0<', '<sr:ResponseCode>I99<');
      expect(inOuter).not.toBe(xml);
      writeFileSync(at('smets1-outer.xml'), inOuter);
      expect(runXmlsec1Verify(at('s1sp.pem'), at('smets1-outer.xml')).status).toBe(0);
      expect(runXmlsec1Verify(at('dcc-ref.pem'), at('smets1-outer.xml'), outerXpath).status).not.toBe(0);
    },
  );

  itJava(
    'the DCC tool checks the S1SP signature on the SMETS1SignedResponse (XSD and signature); on the whole answer it sees two signatures and checks only the XSD',
    async () => {
      const xml = answer(8n);
      writeFileSync(at('smets1-inner.xml'), extractElement(xml, 'SMETS1SignedResponse')!);
      const inner = runDccTool('Validate', at('smets1-inner.xml'), at('s1sp.pem'));
      expect(inner.stderr).toContain('passed xsd validation');
      expect(inner.stderr).toContain('passed signature check');
      expect(inner.status).toBe(0);
      writeFileSync(
        at('smets1-inner-changed.xml'),
        extractElement(xml, 'SMETS1SignedResponse')!.replace(
          '<ra:OriginatorCounter>8<',
          '<ra:OriginatorCounter>9<',
        ),
      );
      expect(runDccTool('Validate', at('smets1-inner-changed.xml'), at('s1sp.pem')).status).toBe(10);
      writeFileSync(at('smets1-whole.xml'), xml);
      const whole = runDccTool('Validate', at('smets1-whole.xml'), at('dcc-ref.pem'));
      expect(whole.stderr).toContain('passed xsd validation');
      expect(whole.stderr).toContain('response without signature, validation check skipped');
    },
  );
});
