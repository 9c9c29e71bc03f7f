import { DuisError } from './errors';

const MAX_U64 = (1n << 64n) - 1n;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** xs:boolean (`true`, `false`, `1`, `0`). */
export function parseBoolean(text: string, what: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new DuisError('ERR_DUIS_FIELD', `${what}: not a boolean`);
}

/** An unsigned 64-bit decimal integer (DUIS sequence numbers). */
export function parseU64(text: string, what: string): bigint {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text))
    throw new DuisError('ERR_DUIS_FIELD', `${what}: not an unsigned integer`);
  const v = BigInt(text);
  if (v > MAX_U64) throw new DuisError('ERR_DUIS_FIELD', `${what}: above 2^64-1`);
  return v;
}

/** Decimal text of an unsigned 64-bit value, refusing values out of range. */
export function formatU64(v: bigint, what: string): string {
  if (v < 0n || v > MAX_U64) throw new DuisError('ERR_DUIS_FIELD', `${what}: ${v} out of range`);
  return v.toString();
}

/** Strict base64 (whitespace allowed between characters) to bytes; empty content is refused. */
export function parseBase64(text: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new DuisError('ERR_DUIS_FIELD', `${what}: not base64`);
  }
  // a plain copy (the typed-array constructor copies in one go; Uint8Array.from iterates)
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** Bytes as base64 text. */
export function formatBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** xs:dateTime with an explicit zone (`Z` or offset), years 0000..9999. */
export function parseDateTime(text: string, what: string): Date {
  const m = DATE_TIME.exec(text);
  if (!m) throw new DuisError('ERR_DUIS_FIELD', `${what}: not an xs:dateTime with a time zone`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const zone = m[8]!;
  const offset =
    zone === 'Z'
      ? 0
      : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  const fieldsOk =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60;
  if (!fieldsOk) throw new DuisError('ERR_DUIS_FIELD', `${what}: not a calendar date-time`);
  return new Date(date.getTime() - offset * 60_000);
}

/** A Date as xs:dateTime in UTC with milliseconds, e.g. `2030-01-15T00:00:00.000Z`. */
export function formatDateTime(date: Date, what: string): string {
  const y = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || y < 0 || y > 9999)
    throw new DuisError('ERR_DUIS_FIELD', `${what}: date out of range`);
  return date.toISOString();
}

/** A DUIS enumeration token such as `NetworkOperator` (letters and digits only). */
export function parseToken(text: string, what: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(text))
    throw new DuisError('ERR_DUIS_FIELD', `${what}: not a DUIS token`);
  return text;
}
