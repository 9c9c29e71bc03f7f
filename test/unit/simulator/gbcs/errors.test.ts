import { CertsError } from '../../../../certs';
import { GbcsError, gbcsCoded } from '../../../../simulator/gbcs/errors';

describe('gbcsCoded', () => {
  it.each([
    ['ERR_DER_TRUNCATED', 'ERR_GBCS_TRUNCATED'],
    ['ERR_DER_TAG', 'ERR_GBCS_TAG'],
    ['ERR_DER_LENGTH', 'ERR_GBCS_LENGTH'],
    ['ERR_DER_TRAILING', 'ERR_GBCS_TRAILING'],
    ['ERR_DER_INTEGER', 'ERR_GBCS_DER'],
    ['ERR_DER_RANGE', 'ERR_GBCS_FIELD_RANGE'],
    ['ERR_DER_FORMAT', 'ERR_GBCS_DER'],
    ['ERR_DER_ENCODE', 'ERR_GBCS_ENCODE'],
  ] as const)('re-codes %s as %s, keeping the message and the cause', (der, gbcs) => {
    const cause = new CertsError(der, 'boom at 3');
    let thrown: unknown;
    try {
      gbcsCoded(() => {
        throw cause;
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GbcsError);
    expect(thrown).toMatchObject({ code: gbcs, message: 'boom at 3', cause });
  });

  it('passes values, GbcsErrors and other certs errors through untouched', () => {
    expect(gbcsCoded(() => 7)).toBe(7);
    const own = new GbcsError('ERR_GBCS_CRA_FLAG', 'x');
    const other = new CertsError('ERR_EUI_FORMAT', 'y');
    for (const err of [own, other]) {
      expect(() =>
        gbcsCoded(() => {
          throw err;
        }),
      ).toThrow(err);
    }
  });
});
