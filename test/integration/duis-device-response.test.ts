/** The DUIS interface carries the device's answer: GBCS response bytes (SMETS2) and per-cell outcomes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueXmlSigningPairs } from '../../certs/xml-signing';
import { createDuisDut, type DuisDut } from '../../harness/conformance/clients/duis-adapter';
import { createDuisReferenceServer, type DuisReferenceServer } from '../../harness/serve/duis-server';
import { referenceWorldSpec, signPreCommand, type MeterLayout } from '../../simulator';
import { emitDuisRequest, parseDuisRequest } from '../../simulator/duis';
import { decodeGeneralCiphering } from '../../simulator/gbcs';
import { krpRequest } from '../../simulator/requests';
import { javaAvailable, runDccTool } from '../support/oracles';
import { M1, party, pki } from '../support/reference-dcc';
import { freePort } from '../support/net';

jest.setTimeout(120_000);

const AT = '2024-06-01T12:00:00Z';
const users = issueXmlSigningPairs(pki()).users;
const noA = party('NO-A');
const noB = party('NO-B');
const dir = mkdtempSync(join(tmpdir(), 'smets1-duis-rsp-'));

/** The reference behind DUIS under `policy`, and the harness's DUIS transport talking to it. */
async function loopback(
  policy: string,
  meters?: readonly MeterLayout[],
): Promise<{ server: DuisReferenceServer; dut: DuisDut; bodies: string[] }> {
  const port = await freePort();
  const server = createDuisReferenceServer({
    policy,
    pinned: true,
    receiver: `http://127.0.0.1:${port}/smartdcc/duis`,
  });
  const base = (await server.listen(0)).url;
  const dut = createDuisDut({
    baseUrl: base,
    receiverPort: port,
    userKeys: users,
    dccTrust: {
      certificates: [server.keys.dcc.certificate, server.keys.s1sp.certificate],
      dccEui: server.keys.dcc.certificate.eui!,
    },
  });
  await dut.provision({ world: referenceWorldSpec(pki(), meters) });
  return { server, dut, bodies: [] };
}

/** NO-B (whose certificates are on M1) hands M1 to NO-A: Transform, sign, Send. */
async function handOver(dut: DuisDut) {
  const request = krpRequest({
    sender: noB.eui,
    device: M1,
    counter: 9000n,
    remotePartyRole: 'NetworkOperator',
    ds: noA.ds.certificate,
    ka: noA.ka.certificate,
    path: [pki().ca.certificate],
  });
  const t = await dut.submit({ xml: emitDuisRequest(request), at: AT });
  if (t.outcome !== 'accepted' || !t.preCommand) throw new Error(`transform: ${JSON.stringify(t)}`);
  const signed = signPreCommand(Uint8Array.from(Buffer.from(t.preCommand, 'hex')), noB.ds.signer);
  const cv5 = emitDuisRequest({
    ...parseDuisRequest(emitDuisRequest(request)),
    commandVariant: 5,
    body: { kind: 'SignedPreCommand', gbcsPayload: signed },
  });
  return dut.submit({ xml: cv5, at: AT });
}

const expectedOutcomes = [
  {
    cell: '3/DS/management',
    status: 0,
    previousOwner: noB.eui,
    newOwner: noA.eui,
    certificateId: noA.ds.certificate.certificateId,
  },
  {
    cell: '3/KA/management',
    status: 0,
    previousOwner: noB.eui,
    newOwner: noA.eui,
    certificateId: noA.ka.certificate.certificateId,
  },
];

/** Writes an asynchronous answer without the reference DCC's outer signature and runs the DCC's XSD check. */
function expectSchemaValid(name: string, xml: string): void {
  if (!javaAvailable()) return;
  const outerSignature = /<ds:Signature[ >](?:(?!<ds:Signature[ >])[\s\S])*<\/ds:Signature><\/sr:Response>$/;
  const unsigned = xml.trimEnd().replace(outerSignature, '</sr:Response>');
  writeFileSync(join(dir, `${name}.xml`), unsigned);
  const tool = runDccTool('Validate', join(dir, `${name}.xml`));
  if (!tool.stderr.includes('passed xsd validation')) throw new Error(`${name}: ${tool.stderr}`);
}

/** Every DUIS response the server delivers, in order (delivery goes on as before). */
function recordDeliveries(server: Awaited<ReturnType<typeof loopback>>['server']): string[] {
  const delivered: string[] = [];
  const original = server.delivery.send.bind(server.delivery);
  server.delivery.send = (id, xml) => {
    delivered.push(xml);
    return original(id, xml);
  };
  return delivered;
}

describe('the DUIS interface returns the device answer', () => {
  it('SMETS1 (corrective): the DUIS SMETS1 form carries the execution outcome; the adapter reads the cells back', async () => {
    const { server, dut } = await loopback('corrective');
    const delivered = recordDeliveries(server);
    try {
      const r = await handOver(dut);
      expect(r).toMatchObject({ outcome: 'accepted', duisCode: 'I0' });
      expect(r.outcomes).toEqual(expectedOutcomes);
      expect(r.response).toBeUndefined();
      const xml = delivered[0]!;
      expect(xml).toContain('<ra:ExecutionOutcome>');
      expect(xml).toContain(
        '<ra:CredentialsReplacementMode>NetworkOperatorByNetworkOperator</ra:CredentialsReplacementMode>',
      );
      expectSchemaValid('smets1-execution', xml);
    } finally {
      await dut.close();
      await server.close();
    }
  });

  it('SMETS2 (smets2): ResponseMessage/GBCSPayload carries the wrapped GBCS response; outcomes decoded from it', async () => {
    const meters: MeterLayout[] = [
      { deviceId: M1, mpxn: '1200000000011', supplier: 'SUP-1', noCells: 'NO-B', smets: 2 },
    ];
    const { server, dut } = await loopback('smets2', meters);
    const delivered = recordDeliveries(server);
    try {
      const r = await handOver(dut);
      expect(r).toMatchObject({ outcome: 'accepted', duisCode: 'I0' });
      expect(r.outcomes).toEqual(expectedOutcomes);
      const bytes = Uint8Array.from(Buffer.from(r.response!, 'hex'));
      const wrapped = decodeGeneralCiphering(bytes);
      expect(wrapped.generalSigning).toMatchObject({ craFlag: 2, originator: M1, recipient: noB.eui });
      const xml = delivered[0]!;
      expect(xml).toContain(`<sr:GBCSPayload>${Buffer.from(bytes).toString('base64')}</sr:GBCSPayload>`);
      expectSchemaValid('smets2-gbcs-payload', xml);
    } finally {
      await dut.close();
      await server.close();
    }
  });
});
