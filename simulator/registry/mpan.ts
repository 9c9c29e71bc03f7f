import { SimulatorError } from '../errors';
import type { Fuel } from '../types';

/** Weights of the MPAN core check digit over digits 1-12. @see MRA MPAN core check digit rule */
const MPAN_WEIGHTS = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43] as const;

/** The 14 GB distribution areas (MPAN digits 1-2) with their names. */
export const GB_DISTRIBUTION_AREAS: ReadonlyMap<number, string> = new Map([
  [10, 'Eastern'],
  [11, 'East Midlands'],
  [12, 'London'],
  [13, 'Merseyside and North Wales'],
  [14, 'West Midlands'],
  [15, 'North East'],
  [16, 'North West'],
  [17, 'North Scotland'],
  [18, 'South Scotland'],
  [19, 'South East'],
  [20, 'Southern'],
  [21, 'South Wales'],
  [22, 'South West'],
  [23, 'Yorkshire'],
]);

/** Computes the check digit (13th digit) of an MPAN core from its first 12 digits. */
export function mpanCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * MPAN_WEIGHTS[i]!;
  return (sum % 11) % 10;
}

/** Builds a valid 13-digit MPAN core from a distributor ID and a 10-digit unique part. */
export function makeMpan(distributorId: number, unique: number): string {
  const first12 = `${String(distributorId).padStart(2, '0')}${String(unique).padStart(10, '0')}`;
  return `${first12}${mpanCheckDigit(first12)}`;
}

/**
 * Validates an MPAN core (13 digits) and returns it; the check digit is enforced unless
 * `checkDigit` is false (DCC test data uses MPANs that fail it).
 */
export function parseMpan(text: string, options: { checkDigit: boolean }): string {
  if (!/^\d{13}$/.test(text))
    throw new SimulatorError(
      'ERR_MPAN_FORMAT',
      `MPAN core must be 13 digits: ${JSON.stringify(text.slice(0, 20))}`,
    );
  if (options.checkDigit && mpanCheckDigit(text.slice(0, 12)) !== Number(text[12])) {
    throw new SimulatorError('ERR_MPAN_CHECK_DIGIT', `MPAN ${text} fails its check digit`);
  }
  return text;
}

/** Validates an MPRN (6-11 digits). */
export function parseMprn(text: string): string {
  if (!/^\d{6,11}$/.test(text))
    throw new SimulatorError(
      'ERR_MPRN_FORMAT',
      `MPRN must be 6-11 digits: ${JSON.stringify(text.slice(0, 20))}`,
    );
  return text;
}

/** The distributor ID (area) of an MPAN core: its first two digits. */
export function distributorIdOf(mpan: string): number {
  return Number(mpan.slice(0, 2));
}

/** The fuel of an MPxN by form: 13 digits is an MPAN, anything else an MPRN. */
export function fuelOf(mpxn: string): Fuel {
  return mpxn.length === 13 ? 'electricity' : 'gas';
}
