import { parseEui } from '../../../../certs';
import { changeRegistration, indexRegistrations, registeredParty } from '../../../../simulator';

const A = parseEui('90B3D51F30030001');
const B = parseEui('90B3D51F30030002');
const mpan = '1200000000011';
const jan = new Date('2020-01-01T00:00:00Z');

describe('registration data', () => {
  const data = indexRegistrations([
    { mpxn: mpan, capacity: 'networkOperator', userId: A, from: jan, to: undefined },
  ]);

  it('answers who is registered at an instant', () => {
    expect(registeredParty(data, mpan, 'networkOperator', new Date('2021-01-01T00:00:00Z'))).toBe(A);
    expect(registeredParty(data, mpan, 'networkOperator', new Date('2019-12-31T23:59:59Z'))).toBeUndefined();
    expect(registeredParty(data, mpan, 'supplier', new Date('2021-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('moves a registration from an instant on, keeping history', () => {
    const moved = changeRegistration(data, {
      mpxn: mpan,
      capacity: 'networkOperator',
      userId: B,
      at: new Date('2022-01-01T00:00:00Z'),
    });
    expect(registeredParty(moved, mpan, 'networkOperator', new Date('2021-06-01T00:00:00Z'))).toBe(A);
    expect(registeredParty(moved, mpan, 'networkOperator', new Date('2022-01-01T00:00:00Z'))).toBe(B);
    // the original is untouched
    expect(registeredParty(data, mpan, 'networkOperator', new Date('2023-01-01T00:00:00Z'))).toBe(A);
  });
});
