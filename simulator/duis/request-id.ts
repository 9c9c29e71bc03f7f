import { formatEuiHyphenated, parseEui, type Eui } from '../../certs/eui';
import { DuisError } from './errors';

/** A DUIS RequestID: sender User ID, target device and the GBCS originator counter. @see DUIS 3.4.1.1 (RequestID) */
export interface RequestId {
  originator: Eui;
  target: Eui;
  counter: bigint;
}

const HYPHENATED = '[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}';
const PATTERN = new RegExp(`^(${HYPHENATED}):(${HYPHENATED}):(0|[1-9][0-9]{0,19})$`);
const MAX_COUNTER = (1n << 64n) - 1n;

/** Parses `90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:1200` (counter 0..2^64-1, no leading zeros). */
export function parseRequestId(text: string): RequestId {
  const m = PATTERN.exec(text.trim());
  if (!m)
    throw new DuisError('ERR_DUIS_REQUEST_ID', `malformed RequestID ${JSON.stringify(text.slice(0, 80))}`);
  const counter = BigInt(m[3]!);
  if (counter > MAX_COUNTER)
    throw new DuisError('ERR_DUIS_REQUEST_ID', `RequestID counter ${counter} exceeds 2^64-1`);
  return { originator: parseEui(m[1]!), target: parseEui(m[2]!), counter };
}

/** Formats a RequestID in the DUIS form with upper-case hyphenated EUIs. */
export function formatRequestId(id: RequestId): string {
  if (id.counter < 0n || id.counter > MAX_COUNTER)
    throw new DuisError('ERR_DUIS_REQUEST_ID', `counter ${id.counter} out of range`);
  return `${formatEuiHyphenated(id.originator)}:${formatEuiHyphenated(id.target)}:${id.counter}`;
}
