import { createHttpDut } from '../../harness/conformance';
import { runCatalogue } from '../../harness/conformance/runner';
import { DEFAULT_POLICY } from '../../harness/policies';
import { createScenarioKeys, loadCatalogue, SHIPPED_CATALOGUE } from '../../harness/scenario';
import { createReferenceHttpServer } from '../../harness/serve';
import { recordingFetch, startReplay, type RecordedExchange } from '../../bench/http-replay';

/**
 * The load generator of the HTTP bench: a recorded conformance run replayed from a worker thread
 * on several sessions gets the recorded answers from the reference, and an answer unlike the
 * recorded one is counted (a fast but wrong server fails the bench).
 */
describe('HTTP replay load generator', () => {
  const token = 'replay-token-0123456789';
  const server = createReferenceHttpServer({ policy: DEFAULT_POLICY, pinned: true, token });
  let url = '';
  const exchanges: RecordedExchange[] = [];

  beforeAll(async () => {
    url = (await server.listen(0)).url;
    const dut = createHttpDut({ baseUrl: url, session: 'record', token, fetch: recordingFetch(exchanges) });
    const report = await runCatalogue({
      scenarios: loadCatalogue(SHIPPED_CATALOGUE, { filter: 'KRP-MIS-*,KRP-REPLAY-*' }),
      dut,
      policies: [DEFAULT_POLICY],
      keys: createScenarioKeys(),
      watchdogMs: 60_000,
      target: { kind: 'http', name: url },
    });
    expect(report.cases.every((c) => c.verdict === 'PASS')).toBe(true);
  }, 60_000);
  afterAll(() => server.close());

  it('records every exchange of the run, bodies and answers', () => {
    expect(exchanges.length).toBeGreaterThan(10);
    expect(exchanges[0]).toMatchObject({ method: 'POST', path: '/v1/reset', status: 204, text: '' });
    const submit = exchanges.find((x) => x.path === '/v1/requests')!;
    expect(JSON.parse(submit.body!)).toHaveProperty('xml');
    expect(JSON.parse(submit.text)).toHaveProperty('outcome');
  });

  it('replays on several sessions with every answer as recorded', async () => {
    const pool = await startReplay({ baseUrl: url, token, exchanges, threads: 1, sessions: 3 });
    try {
      const r = await pool.round(1_500);
      expect(r.failures).toBe(0);
      expect(r.firstMismatch).toBeUndefined();
      expect(r.mismatches).toBe(0);
      expect(r.requests).toBeGreaterThan(exchanges.length);
      expect(r.clientCpuUs).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('counts an answer unlike the recorded one', async () => {
    const at = exchanges.findIndex((x) => x.path === '/v1/requests' && x.status === 200);
    const altered = exchanges.map((x, i) =>
      i === at ? { ...x, text: x.text.replace(/"duisCode":"[^"]*"/, '"duisCode":"I99"') } : x,
    );
    expect(altered[at]!.text).not.toBe(exchanges[at]!.text);
    const pool = await startReplay({ baseUrl: url, token, exchanges: altered, threads: 1, sessions: 1 });
    try {
      const r = await pool.round(1_000);
      expect(r.mismatches).toBeGreaterThanOrEqual(1);
      expect(r.firstMismatch).toContain(`exchange ${at} POST /v1/requests`);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('counts refused requests (a wrong token) as mismatches, not as successes', async () => {
    const pool = await startReplay({
      baseUrl: url,
      token: 'not-the-token-000000000',
      exchanges,
      threads: 1,
      sessions: 1,
    });
    try {
      const r = await pool.round(300);
      expect(r.requests).toBeGreaterThan(0);
      expect(r.mismatches).toBe(r.requests);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
