import { GbcsError } from './errors';

/** Length of the GBCS date-time octet string of a General-Signing header. */
export const GBCS_DATE_TIME_LENGTH = 12;

/** Fields of a GBCS (DLMS COSEM) date-time; `undefined` fields were sent as "not specified". */
export interface GbcsDateTime {
  readonly year?: number;
  readonly month?: number;
  readonly day?: number;
  readonly dayOfWeek?: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly hundredths?: number;
  /** Minutes from local time to UTC (signed), undefined when 0x8000 (not specified). */
  readonly deviation?: number;
  /** The clock-status octet, undefined when 0xFF (not specified). */
  readonly clockStatus?: number;
}

const NOT_SPECIFIED = 0xff;
const DEVIATION_NOT_SPECIFIED = 0x8000;

/**
 * The 12-byte GBCS date-time of a UTC instant in the form the DCC's reference data uses: year,
 * month, day, day-of-week FF, hour, minute, second, hundredths 00, deviation 8000, clock status FF.
 * @see docs/gbcs-bytes.md (date-time), GBCS 7.2.7
 */
export function encodeGbcsDateTime(date: Date): Uint8Array {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new GbcsError('ERR_GBCS_ENCODE', 'date-time is not a valid date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 0xfffe) throw new GbcsError('ERR_GBCS_ENCODE', `year ${year} out of range`);
  return Uint8Array.of(
    year >> 8,
    year & 0xff,
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    NOT_SPECIFIED,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    0,
    DEVIATION_NOT_SPECIFIED >> 8,
    DEVIATION_NOT_SPECIFIED & 0xff,
    NOT_SPECIFIED,
  );
}

/**
 * Decodes the 12-byte GBCS date-time field by field (FF / FFFF / 8000 = not specified); range
 * violations are coded errors.
 */
export function decodeGbcsDateTime(bytes: Uint8Array): GbcsDateTime {
  if (bytes.length !== GBCS_DATE_TIME_LENGTH)
    throw new GbcsError('ERR_GBCS_LENGTH', `date-time of ${bytes.length} bytes`);
  const field = (value: number, min: number, max: number, what: string): number | undefined => {
    if (value === NOT_SPECIFIED) return undefined;
    if (value < min || value > max) throw new GbcsError('ERR_GBCS_FIELD_RANGE', `date-time ${what} ${value}`);
    return value;
  };
  const yearRaw = (bytes[0]! << 8) | bytes[1]!;
  const deviationRaw = (bytes[9]! << 8) | bytes[10]!;
  const deviation = deviationRaw === DEVIATION_NOT_SPECIFIED ? undefined : (deviationRaw << 16) >> 16;
  if (deviation !== undefined && Math.abs(deviation) > 720)
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `date-time deviation ${deviation}`);
  const out: Record<string, number> = {};
  const put = (k: keyof GbcsDateTime, v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  put('year', yearRaw === 0xffff ? undefined : yearRaw);
  // month FD/FE (daylight-saving end/begin) and day FD/FE (second-last/last day) are allowed values.
  put('month', field(bytes[2]!, 1, 0xfe, 'month'));
  put('day', field(bytes[3]!, 1, 0xfe, 'day'));
  put('dayOfWeek', field(bytes[4]!, 1, 7, 'day-of-week'));
  put('hour', field(bytes[5]!, 0, 23, 'hour'));
  put('minute', field(bytes[6]!, 0, 59, 'minute'));
  put('second', field(bytes[7]!, 0, 59, 'second'));
  put('hundredths', field(bytes[8]!, 0, 99, 'hundredths'));
  put('deviation', deviation);
  put('clockStatus', bytes[11] === NOT_SPECIFIED ? undefined : bytes[11]);
  return out;
}

/** The instant of a GBCS date-time read as UTC (GBCS date-times are UTC), or undefined when a field is unspecified. */
export function gbcsDateTimeToDate(dt: GbcsDateTime): Date | undefined {
  const { year, month, day, hour, minute, second } = dt;
  if (
    year === undefined ||
    month === undefined ||
    month > 12 ||
    day === undefined ||
    day > 31 ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  )
    return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, (dt.hundredths ?? 0) * 10));
}
