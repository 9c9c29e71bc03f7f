import { GbcsError } from './errors';

const PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/** Encodes a whole-second UTC Date as DER GeneralizedTime text `YYYYMMDDHHMMSSZ`. @see X.690 11.7 */
export function formatGeneralizedTime(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms) || ms % 1000 !== 0)
    throw new GbcsError('ERR_GBCS_ENCODE', 'execution date-time must be whole seconds');
  const y = date.getUTCFullYear();
  if (y < 1 || y > 9999) throw new GbcsError('ERR_GBCS_ENCODE', `year ${y} out of range`);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(y, 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
}

/** Parses DER GeneralizedTime text strictly (UTC, whole seconds, a real calendar instant). */
export function parseGeneralizedTime(bytes: Uint8Array): Date {
  const text = String.fromCharCode(...bytes.subarray(0, 16));
  const m = bytes.length === 15 ? PATTERN.exec(text) : null;
  if (!m) throw new GbcsError('ERR_GBCS_DER', 'GeneralizedTime must be YYYYMMDDHHMMSSZ');
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (y < 1 || formatGeneralizedTime(date) !== text)
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `not a calendar time: ${text}`);
  return date;
}
