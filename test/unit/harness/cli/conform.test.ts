import { guardToken } from '../../../../harness/cli/commands/conform';
import { DutTransportError, type DeviceUnderTest } from '../../../../harness/dut';

/** A DUT whose calls are recorded; `fail` decides what each call throws (nothing: it succeeds). */
function fakeDut(fail: (call: string) => Error | undefined): { dut: DeviceUnderTest; calls: string[] } {
  const calls: string[] = [];
  const run = async <T>(call: string, value: T): Promise<T> => {
    calls.push(call);
    const err = fail(call);
    if (err) throw err;
    return value;
  };
  return {
    calls,
    dut: {
      name: 'fake',
      provision: () => run('provision', undefined),
      submit: () => run('submit', { outcome: 'accepted', duisCode: 'I0' }),
      apply: () => run('apply', undefined),
      inspect: () => run('inspect', undefined),
      reset: () => run('reset', undefined),
      close: () => run('close', undefined),
    },
  };
}

describe('the token guard of conform', () => {
  it.each([401, 403])('after a %i every call fails at once, without reaching the target', async (status) => {
    const refusal = new DutTransportError(
      'ERR_DUT_HTTP_STATUS',
      `POST /v1/provision answered ${status}`,
      status,
    );
    const { dut, calls } = fakeDut((call) => (call === 'provision' ? refusal : undefined));
    const guard = guardToken(dut);
    await guard.dut.reset();
    expect(guard.refused()).toBeUndefined();
    await expect(guard.dut.provision({ world: {} as never })).rejects.toBe(refusal);
    expect(guard.refused()).toBe(refusal);
    await expect(guard.dut.reset()).rejects.toBe(refusal);
    await expect(guard.dut.submit({} as never)).rejects.toBe(refusal);
    await expect(guard.dut.inspect('00-00-00-00-00-00-00-01')).rejects.toBe(refusal);
    await guard.dut.close();
    expect(calls).toEqual(['reset', 'provision', 'close']);
  });

  it('lets other failures through as the run reports them (no stop)', async () => {
    const other = [
      new DutTransportError('ERR_DUT_HTTP_STATUS', 'POST /v1/reset answered 500', 500),
      new DutTransportError('ERR_DUT_NETWORK', 'ECONNRESET'),
      new Error('not a transport error'),
    ];
    let i = 0;
    const { dut, calls } = fakeDut(() => other[i++]);
    const guard = guardToken(dut);
    for (const err of other) await expect(guard.dut.reset()).rejects.toBe(err);
    await guard.dut.reset();
    expect(guard.refused()).toBeUndefined();
    expect(calls).toHaveLength(4);
  });
});
