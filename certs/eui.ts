import { CertsError } from './errors';

/** An EUI-64 in canonical form: 16 upper-case hex digits, e.g. `90B3D51F30020000`. */
export type Eui = string & { readonly __brand: 'Eui' };

/**
 * The textual forms of an EUI-64 accepted at every edge (JSON files, HTTP bodies, CLI): hyphenated
 * pairs or 16 hex digits, either case. The one pattern: schemas take `EUI_SCHEMA`, code `isEuiText`.
 */
export const EUI_PATTERN = '^([0-9A-Fa-f]{2}-){7}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{16}$';
/** JSON Schema fragment of an EUI-64 in text (`EUI_PATTERN`). */
export const EUI_SCHEMA = { type: 'string', pattern: EUI_PATTERN } as const;
const EUI_TEXT = new RegExp(EUI_PATTERN);
const HYPHENATED = /^([0-9A-Fa-f]{2}-){7}[0-9A-Fa-f]{2}$/;
/** True when `text` is an EUI-64 in one of the accepted textual forms. */
export function isEuiText(text: string): boolean {
  return EUI_TEXT.test(text);
}

const HEX16 = /^[0-9A-F]{16}$/;
/** Upper-case two-digit hex of every byte value (EUIs are converted on every GBCS message). */
const HEX_OF_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/**
 * Parses an EUI-64 from `90-B3-D5-1F-30-02-00-00`, `90b3d51f30020000` or 8 bytes.
 * @see GBCS 4.3.3 (Entity Identifiers)
 */
export function parseEui(input: string | Uint8Array): Eui {
  if (typeof input !== 'string') {
    if (input.length !== 8)
      throw new CertsError('ERR_EUI_FORMAT', `EUI-64 must be 8 bytes, got ${input.length}`);
    return euiAt(input, 0);
  }
  const trimmed = input.trim();
  const hyphenated = HYPHENATED.test(trimmed);
  const compact = hyphenated ? trimmed.replace(/-/g, '') : trimmed;
  const upper = compact.toUpperCase();
  if (!HEX16.test(upper)) {
    throw new CertsError('ERR_EUI_FORMAT', `not an EUI-64: ${JSON.stringify(input.slice(0, 40))}`);
  }
  return upper as Eui;
}

/** The EUI-64 in the 8 bytes of `bytes` from `at` (the caller has checked they are there). */
export function euiAt(bytes: Uint8Array, at: number): Eui {
  let hex = '';
  for (let i = at; i < at + 8; i++) hex += HEX_OF_BYTE[bytes[i]!]!;
  return hex as Eui;
}

/** True when `input` is a canonical or hyphenated EUI-64 string. */
export function isEui(input: string): boolean {
  try {
    parseEui(input);
    return true;
  } catch {
    return false;
  }
}

/** Formats an EUI in the DUIS hyphenated form `90-B3-D5-1F-30-02-00-00`. */
export function formatEuiHyphenated(eui: Eui): string {
  return eui.match(/../g)!.join('-');
}

/** The 8 bytes of an EUI. */
export function euiToBytes(eui: Eui): Uint8Array {
  if (!HEX16.test(eui)) return Uint8Array.from(Buffer.from(eui, 'hex'));
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = parseInt(eui.slice(2 * i, 2 * i + 2), 16);
  return out;
}
