import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEui } from '../../certs';
import { emitDuisRequest, emitDuisResponse, type DuisRequest, type DuisResponse } from '../../simulator/duis';
import { krpRequest, supplyRequest } from '../../simulator/requests';
import { runCli } from '../support/cli';
import { keystoreItem, loadTemplate, loadZ1bNoPair, loadZ1Ca } from '../support/dcc-material';
import { javaAvailable, runDccTool, runXmlsec1Verify, xmlsec1Available } from '../support/oracles';

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
