import { presetPolicy } from '../../simulator';
/**
 * The walkthrough of docs/http-contract.md, end to end on loopback: a provider-side view of the
 * contract driven only by CLI commands and plain HTTP (what the curl examples do).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceHttpServer } from '../../harness/serve';
import { runCli } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'smets1-walk-'));
const server = createReferenceHttpServer({ policy: presetPolicy('corrective'), pinned: true });
let base = '';

beforeAll(async () => {
  base = (await server.listen(0, '127.0.0.1')).url;
});
afterAll(() => server.close());

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args, dir);
  if (r.code !== 0) throw new Error(`smets1 ${args.join(' ')} -> ${r.code}: ${r.err}`);
  return r.out;
}

async function post(path: string, body: string, type: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': type, ...headers } });
}

it('provisions a world file, runs Transform, signs the pre-command with the gbcs CLI, sends it, and inspects the meter', async () => {
  await cli(['pki', '--reference', '--out', 'ref']);
  await cli(['world', '--out', 'world.json']); // the reference world: M1 (area 12, NO-A) carries NO-B's certificates
  const provision = await post(
    '/v1/provision',
    `{"world": ${readFileSync(join(dir, 'world.json'), 'utf8')}}`,
    'application/json',
  );
  expect(provision.status).toBe(204);

  const id = '90-B3-D5-1F-30-03-00-02:00-DB-12-34-56-78-90-01:10';
  const headers = { 'X-User-Role': 'ED', 'X-Request-Time': '2024-06-01T12:00:00Z' };
  const cv4 = await cli([
    'duis',
    'emit',
    '--srv',
    '6.15.1',
    '--request-id',
    id,
    '--role',
    'NetworkOperator',
    '--ds',
    'ref/NO-A-ds.pem',
    '--ka',
    'ref/NO-A-ka.pem',
    '--path',
    'ref/ca.pem',
    '--floor',
    '0',
  ]);
  const transformed = (await (await post('/v1/requests', cv4, 'application/xml', headers)).json()) as {
    outcome: string;
    preCommand: string;
    waiver: string;
  };
  expect(transformed).toMatchObject({ outcome: 'accepted', waiver: 'no-correction-to-registered-no' });

  writeFileSync(join(dir, 'pre.hex'), transformed.preCommand);
  writeFileSync(
    join(dir, 'signed.hex'),
    await cli(['gbcs', 'sign', 'pre.hex', '--key', 'ref/NO-B-ds.key.pem']),
  );
  expect((await runCli(['gbcs', 'verify', 'signed.hex', '--cert', 'ref/NO-B-ds.pem'], dir)).code).toBe(0);
  const cv5 = await cli([
    'duis',
    'emit',
    '--srv',
    '6.15.1',
    '--request-id',
    id,
    '--signed-pre-command',
    'signed.hex',
  ]);
  expect(cv5).toContain('<sr:CommandVariant>5</sr:CommandVariant>');
  const sent = (await (await post('/v1/requests', cv5, 'application/xml', headers)).json()) as {
    outcome: string;
  };
  expect(sent.outcome).toBe('accepted');

  const device = (await (await fetch(`${base}/v1/devices/00-DB-12-34-56-78-90-01`)).json()) as {
    cells: { cell: string; owner: string }[];
  };
  expect(device.cells.filter((c) => c.cell.startsWith('3/')).map((c) => c.owner)).toEqual([
    '90B3D51F30030001',
    '90B3D51F30030001',
  ]);

  // the same signed command again: NO-B no longer holds the DS cell, so its signature is refused
  await post('/v1/requests', cv4, 'application/xml', headers);
  const replay = (await (await post('/v1/requests', cv5, 'application/xml', headers)).json()) as {
    code: string;
  };
  expect(replay.code).toBe('AUTHORITY_SIGNATURE');
});
