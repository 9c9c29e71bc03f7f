import { formatEstateTable, type EstateRun } from '../../../../harness/estate';

const run: EstateRun = {
  seed: 's',
  misplacedRate: 0.1,
  results: [
    {
      policy: 'legacy',
      meters: 100,
      misplaced: 9,
      repaired: 0,
      stuck: 9,
      requests: 18,
      accepted: 0,
      refusals: { AUTHORITY_SIGNATURE: 9, GATE_NOT_REGISTERED: 9 },
      waivers: {},
      seconds: 2,
      requestsPerSecond: 9,
      cpuSeconds: 2,
      requestsPerCpuSecond: 9,
    },
    {
      policy: 'corrective',
      meters: 100,
      misplaced: 9,
      repaired: 9,
      stuck: 0,
      requests: 18,
      accepted: 9,
      refusals: { AUTHORITY_SIGNATURE: 9 },
      waivers: {},
      seconds: 1,
      requestsPerSecond: 18,
      cpuSeconds: 1,
      requestsPerCpuSecond: 18,
    },
  ],
  timings: {
    workers: 2,
    runner: 'processes',
    layoutSeconds: 0.01,
    setupSeconds: 1,
    warmupSeconds: 0,
    totalSeconds: 4,
    peakRssBytes: 512 * 1024 ** 2,
  },
};

describe('formatEstateTable', () => {
  const text = formatEstateTable(run);
  const lines = text.split('\n');

  it('prints one aligned row per policy with refused = requests - accepted', () => {
    expect(lines[0]).toMatch(
      /^policy\s+meters\s+misplaced\s+repaired\s+stuck\s+requests\s+accepted\s+refused\s+seconds\s+req\/s$/,
    );
    expect(lines[1]!.split(/\s+/)).toEqual(['legacy', '100', '9', '0', '9', '18', '0', '18', '2.0', '9']);
    expect(lines[2]!.split(/\s+/)).toEqual(['corrective', '100', '9', '9', '0', '18', '9', '9', '1.0', '18']);
    expect(lines[0]!.length).toBe(lines[1]!.length);
  });

  it('lists refusals by code and the timings', () => {
    expect(text).toContain('legacy: AUTHORITY_SIGNATURE 9, GATE_NOT_REGISTERED 9');
    expect(text).toContain('workers 2');
    expect(text).toContain('peak RSS 0.50 GB');
  });
});
