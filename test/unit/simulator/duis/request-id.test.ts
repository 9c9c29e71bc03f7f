import { parseEui } from '../../../../certs/eui';
import { DuisError, formatRequestId, parseRequestId } from '../../../../simulator/duis';

describe('DUIS RequestID', () => {
  it('parses the DUIS form into EUIs and a bigint counter', () => {
    expect(parseRequestId('90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:1200')).toEqual({
      originator: '90B3D51F30020000',
      target: '00DB1234567890A0',
      counter: 1200n,
    });
  });

  it('accepts lower-case hex and the full 64-bit counter range', () => {
    expect(
      parseRequestId('90-b3-d5-1f-30-02-00-00:00-db-12-34-56-78-90-a0:18446744073709551615').counter,
    ).toBe(18446744073709551615n);
    expect(parseRequestId('90-b3-d5-1f-30-02-00-00:00-db-12-34-56-78-90-a0:0').counter).toBe(0n);
  });

  it('formats with upper-case hyphenated EUIs', () => {
    const id = {
      originator: parseEui('90b3d51f30020000'),
      target: parseEui('00db1234567890a0'),
      counter: 7n,
    };
    expect(formatRequestId(id)).toBe('90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:7');
  });

  it.each([
    '90B3D51F30020000:00DB1234567890A0:1',
    '90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0',
    '90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:-1',
    '90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:18446744073709551616',
    '90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:1:2',
    '',
  ])('rejects %j', (text) => {
    expect(() => parseRequestId(text)).toThrow(DuisError);
  });
});
