import { DutTransportError } from '../../../../../harness/dut/port';
import { DutInputError } from '../../../../../harness/dut/in-process';
import { isWorldEventRefusal } from '../../../../../harness/conformance/runner/steps';

describe('isWorldEventRefusal', () => {
  it('takes the reference refusing a world change and an HTTP 400 as a refusal, nothing else', () => {
    expect(
      isWorldEventRefusal(new DutInputError('ERR_DUT_WORLD_EVENT', 'SUP-1 is not a networkOperator')),
    ).toBe(true);
    expect(isWorldEventRefusal(new DutTransportError('ERR_DUT_HTTP_STATUS', 'answered 400', 400))).toBe(true);
    expect(isWorldEventRefusal(new DutTransportError('ERR_DUT_HTTP_STATUS', 'answered 500', 500))).toBe(
      false,
    );
    expect(isWorldEventRefusal(new DutTransportError('ERR_DUT_TIMEOUT', 'no answer'))).toBe(false);
    expect(isWorldEventRefusal(new DutInputError('ERR_DUT_REQUEST_TIME', 'bad time'))).toBe(false);
    expect(isWorldEventRefusal(new Error('boom'))).toBe(false);
    expect(isWorldEventRefusal(null)).toBe(false);
  });
});
