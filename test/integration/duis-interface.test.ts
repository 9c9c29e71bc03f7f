import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueXmlSigningPairs } from '../../certs/xml-signing';
import { runConform } from '../../harness/cli/commands/conform';
import type { CliIo } from '../../harness/cli/io';
import { createDuisDut, DCC_SIGNATURE_INVALID } from '../../harness/conformance/clients/duis-adapter';
import { createDuisReferenceServer, type DuisReferenceServer } from '../../harness/serve/duis-server';
import { REFERENCE_S1SP_EUI, referenceDuisKeys } from '../../harness/serve/duis-routes';
import { isDutTimeout } from '../../harness/dut';
import { referenceWorldSpec, signPreCommand } from '../../simulator';
import { emitDuisRequest, emitDuisResponse, parseDuisResponse } from '../../simulator/duis';
import { verifySmets1Inner } from '../../simulator/duis/smets1-response';
import { signDuisXml, verifyDuisXml } from '../../simulator/duis/xmldsig';
import { supplyRequest } from '../../simulator/requests';
import { javaAvailable, runDccTool } from '../support/oracles';
import { M1, noKrp, party, pki } from '../support/reference-dcc';
import { freePort } from '../support/net';

jest.setTimeout(300_000);

const AT = '2024-06-01T12:00:00Z';
const users = issueXmlSigningPairs(pki()).users;
const noA = party('NO-A');
const noB = party('NO-B');
const sup1 = party('SUP-1');

function quietIo(err: string[] = []): CliIo {
  return { stdout: () => undefined, stderr: (t) => void err.push(t), cwd: tmpdir(), quiet: true };
}

/** A receiver that records every asynchronous answer and answers 204. */
async function receiver(): Promise<{ url: string; port: number; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/smartdcc/duis`, port, bodies, server };
}

async function post(
  url: string,
  body: string,
  type = 'application/xml',
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': type, 'x-request-time': AT },
    body,
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** NO-A's 6.15.1 putting its own NO certificates on M1, as DUIS XML (unsigned), from `sender`. */
function krp(sender = noA.eui, counter = 5000n): string {
  return emitDuisRequest(noKrp('NO-A', 'NO-A', M1, counter, { sender }));
}

describe('smets1 conform --target duis+http against serve --interface duis (loopback)', () => {
  it('passes the whole catalogue under the served policy; every answer signature checked, every async answer received', async () => {
    const receiverPort = await freePort();
    const server = createDuisReferenceServer({
      policy: 'corrective',
      receiver: `http://127.0.0.1:${receiverPort}/smartdcc/duis`,
    });
    const { url } = await server.listen(0);
    const err: string[] = [];
    try {
      const { report } = await runConform(quietIo(err), {
        target: `duis+${url}`,
        receiverPort: String(receiverPort),
        policyExpectation: 'corrective',
        timeout: '5000',
        watchdog: '10000',
      });
      expect(report.summary.total).toMatchObject({ FAIL: 0, HANG: 0, HARNESS_ERROR: 0, SKIPPED: 0 });
      expect(report.summary.total.PASS).toBe(report.cases.length);
      const line = err.join('');
      const m =
        /(\d+) requests signed; (\d+) answer signatures checked \((\d+) refused\); asynchronous answers received (\d+) of (\d+)/.exec(
          line,
        )!;
      expect(m).not.toBeNull();
      const [, signed, checked, refused, received, awaited] = m.map(Number);
      expect(refused).toBe(0);
      expect(checked).toBeGreaterThanOrEqual(signed!);
      expect(received).toBe(awaited);
      expect(awaited).toBeGreaterThan(0);
      await server.close();
      expect(server.delivery.stats()).toMatchObject({ delivered: awaited, undelivered: [] });
    } finally {
      await server.close();
    }
  });

  it('fails exactly the cases the JSON transport fails under another policy', async () => {
    const receiverPort = await freePort();
    const duisServer = createDuisReferenceServer({
      policy: 'legacy',
      pinned: true,
      receiver: `http://127.0.0.1:${receiverPort}/smartdcc/duis`,
    });
    const { url } = await duisServer.listen(0);
    try {
      const common = {
        policyExpectation: 'corrective',
        scenarios: 'KRP-MIS-*',
        timeout: '5000',
        watchdog: '10000',
      };
      const overDuis = await runConform(quietIo(), {
        ...common,
        target: `duis+${url}`,
        receiverPort: String(receiverPort),
      });
      const overJson = await runConform(quietIo(), { ...common, target: url });
      const failing = (r: typeof overDuis.report): string[] =>
        r.cases.filter((c) => c.verdict !== 'PASS').map((c) => `${c.id}:${c.verdict}`);
      expect(failing(overDuis.report).length).toBeGreaterThan(0);
      expect(failing(overDuis.report)).toEqual(failing(overJson.report));
    } finally {
      await duisServer.close();
    }
  });
});

describe('serve --interface duis: refusals change nothing, answers are signed and schema-valid', () => {
  let server: DuisReferenceServer;
  let base: string;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const dir = mkdtempSync(join(tmpdir(), 'smets1-duis-if-'));

  beforeAll(async () => {
    rx = await receiver();
    server = createDuisReferenceServer({
      policy: 'corrective',
      pinned: true,
      receiver: rx.url,
      bodyLimitBytes: 256 * 1024,
    });
    base = (await server.listen(0)).url;
    const res = await fetch(`${base}/v1/provision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ world: referenceWorldSpec(pki()) }),
    });
    expect(res.status).toBe(204);
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => rx.server.close(() => resolve()));
  });

  const device = async (): Promise<string> => (await fetch(`${base}/v1/devices/${M1}`)).text();

  it('refuses unsigned, foreign-signed, tampered, malformed, oversized and misrouted requests with codes; state unchanged', async () => {
    const before = await device();
    const signed = signDuisXml(krp(), users.get(noA.eui)!);
    const cases: [string, string, string, number, string][] = [
      ['unsigned', '/api/v1/serviceT', krp(), 400, 'XMLDSIG_MISSING'],
      [
        'signed by NO-B for NO-A',
        '/api/v1/serviceT',
        signDuisXml(krp(), users.get(noB.eui)!),
        400,
        'XMLDSIG_WRONG_SIGNER',
      ],
      ['signed with a DS key', '/api/v1/serviceT', signDuisXml(krp(), noA.ds), 400, 'XMLDSIG_UNKNOWN_SIGNER'],
      ['tampered', '/api/v1/serviceT', signed.replace('5000<', '5001<'), 400, 'XMLDSIG_DIGEST'],
      [
        'wrapped',
        '/api/v1/serviceT',
        signed.replace(
          '</sr:Header>',
          `</sr:Header>${/<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0]}`,
        ),
        400,
        'XMLDSIG_WRAPPING',
      ],
      ['not well-formed', '/api/v1/serviceT', '<sr:Request', 400, 'ERR_DUIS_XML'],
      ['CV 4 on serviceS', '/api/v1/serviceS', signed, 400, 'ERR_DUIS_ENDPOINT'],
      ['device request on serviceD', '/api/v1/serviceD', signed, 400, 'ERR_DUIS_ENDPOINT'],
      ['oversized', '/api/v1/serviceT', `${signed}${' '.repeat(300 * 1024)}`, 413, ''],
    ];
    for (const [name, path, body, status, code] of cases) {
      const r = await post(`${base}${path}`, body);
      if (r.status !== status) throw new Error(`${name}: ${r.status} ${r.text.slice(0, 200)}`);
      if (code) expect({ name, code: r.headers.get('x-refusal-code') }).toEqual({ name, code });
    }
    expect((await post(`${base}/api/v1/serviceT`, signed, 'application/json')).status).toBe(415);
    expect(await device()).toBe(before);
    expect((await fetch(`${base}/v1/health`)).status).toBe(200);
  });

  it('answers a Transform with a DCC-signed PreCommand, a Send with I99, then POSTs the doubly signed SMETS1 response', async () => {
    const keys = referenceDuisKeys();
    const trust = {
      certificates: [keys.dcc.certificate, keys.s1sp.certificate],
      dccEui: keys.dcc.certificate.eui!,
    };
    const supply = supplyRequest({ srv: '7.1', sender: sup1.eui, device: M1, counter: 7000n });
    const t = await post(
      `${base}/api/v1/serviceT`,
      signDuisXml(emitDuisRequest(supply), users.get(sup1.eui)!),
    );
    expect(t.status).toBe(200);
    expect(verifyDuisXml(t.text, trust)).toMatchObject({ ok: true });
    const pre = parseDuisResponse(t.text);
    expect(pre).toMatchObject({ responseCode: 'I0', body: { kind: 'PreCommand', gbcsVersion: '4.0' } });
    const signedPre = signPreCommand(pre.body!.gbcsPayload, sup1.ds.signer);
    const cv5 = emitDuisRequest({
      ...supply,
      commandVariant: 5,
      body: { kind: 'SignedPreCommand', gbcsPayload: signedPre },
    });
    const before = rx.bodies.length;
    const s = await post(`${base}/api/v1/serviceS`, signDuisXml(cv5, users.get(sup1.eui)!));
    expect(s.status).toBe(200);
    expect(verifyDuisXml(s.text, trust)).toMatchObject({ ok: true });
    expect(s.text).toContain('<sr:ResponseCode>I99</sr:ResponseCode>');
    await server.delivery.drain();
    const async = rx.bodies[before]!;
    expect(async).toContain('<sr:SMETS1SignedResponse');
    expect(verifyDuisXml(async, trust)).toMatchObject({ ok: true });
    expect(verifySmets1Inner(async, trust, REFERENCE_S1SP_EUI)).toMatchObject({ ok: true });
    const tampered = async.replace('<ra:OriginatorCounter>7000<', '<ra:OriginatorCounter>7009<');
    expect(tampered).not.toBe(async);
    expect(verifySmets1Inner(tampered, trust)).toMatchObject({
      ok: false,
      code: 'XMLDSIG_DIGEST',
    });
    if (!javaAvailable()) return;
    // XSD check with the DCC's tool: it knows only ZAZ1 signers, so the reference DCC's outer
    // signature (verified above) is removed first; the S1SP's inner one is part of the schema
    const outerSignature =
      /<ds:Signature[ >](?:(?!<ds:Signature[ >])[\s\S])*<\/ds:Signature><\/sr:Response>$/;
    for (const [name, xml] of [
      ['precommand', t.text],
      ['ack', s.text],
      ['smets1', async],
    ] as const) {
      const unsigned = xml.trimEnd().replace(outerSignature, '</sr:Response>');
      expect(unsigned).not.toBe(xml.trimEnd());
      writeFileSync(join(dir, `${name}.xml`), unsigned);
      const tool = runDccTool('Validate', join(dir, `${name}.xml`));
      // XSD first; for the SMETS1 form the tool then looks for the inner S1SP signer among its ZAZ1 keys
      if (!tool.stderr.includes('passed xsd validation')) throw new Error(`${name}: ${tool.stderr}`);
      if (name !== 'smets1') expect(tool.status).toBe(0);
    }
  });
});

describe('the DUIS transport (harness side) judges the target', () => {
  const keys = referenceDuisKeys();
  const trust = {
    certificates: [keys.dcc.certificate, keys.s1sp.certificate],
    dccEui: keys.dcc.certificate.eui!,
  };

  async function fakeTarget(answer: string): Promise<{ url: string; server: Server }> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/xml' }).end(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
  }

  const answerFor = (counter: bigint): string =>
    emitDuisResponse({
      requestId: { originator: noA.eui, target: M1, counter },
      responseCode: 'I0',
      responseDateTime: new Date(AT),
      serviceReference: '6.15',
      serviceReferenceVariant: '6.15.1',
      body: { kind: 'PreCommand', gbcsVersion: '4.0', gbcsPayload: Uint8Array.of(1, 2) },
    });

  it.each([
    ['unsigned', (x: string) => x],
    ['signed by a user instead of the DCC', (x: string) => signDuisXml(x, users.get(noA.eui)!)],
    [
      'tampered after signing',
      (x: string) => signDuisXml(x, keys.dcc).replace('<sr:ResponseCode>I0', '<sr:ResponseCode>I1'),
    ],
  ])('a synchronous answer %s is a FAIL with its own code', async (_name, mangle) => {
    const target = await fakeTarget(mangle(answerFor(5000n)));
    const dut = createDuisDut({
      baseUrl: target.url,
      receiverPort: 0,
      dccTrust: trust,
      userKeys: users,
      jsonContract: false,
    });
    try {
      await dut.provision({ world: referenceWorldSpec(pki()) });
      const r = await dut.submit({ xml: krp(), at: AT });
      expect(r).toMatchObject({ outcome: 'rejected', duisCode: DCC_SIGNATURE_INVALID });
      expect(dut.stats().signaturesRefused).toBe(1);
    } finally {
      await dut.close();
      await new Promise<void>((resolve) => target.server.close(() => resolve()));
    }
  });

  it('no asynchronous answer within the bound is a HANG with its cause', async () => {
    const server = createDuisReferenceServer({
      policy: 'corrective',
      pinned: true,
      receiver: 'http://127.0.0.1:9/none',
      delivery: { attempts: 2, baseDelayMs: 10 },
    });
    const { url } = await server.listen(0);
    const dut = createDuisDut({
      baseUrl: url,
      receiverPort: 0,
      dccTrust: trust,
      userKeys: users,
      asyncWaitMs: 300,
    });
    try {
      await dut.provision({ world: referenceWorldSpec(pki()) });
      const supply = supplyRequest({ srv: '7.1', sender: sup1.eui, device: M1, counter: 7001n });
      const first = await dut.submit({ xml: emitDuisRequest(supply), at: AT });
      expect(first).toMatchObject({ outcome: 'accepted', duisCode: 'I0' });
      const cv5 = emitDuisRequest({
        ...supply,
        commandVariant: 5,
        body: {
          kind: 'SignedPreCommand',
          gbcsPayload: signPreCommand(Uint8Array.from(Buffer.from(first.preCommand!, 'hex')), sup1.ds.signer),
        },
      });
      const err = await dut.submit({ xml: cv5, at: AT }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDutTimeout(err)).toBe(true);
      expect(String((err as Error).message)).toContain('no asynchronous response');
      await server.delivery.drain();
      expect(server.delivery.stats().undelivered.length).toBeGreaterThan(0);
    } finally {
      await dut.close();
      await server.close();
    }
  });
});
