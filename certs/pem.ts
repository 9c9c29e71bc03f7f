import { CertsError } from './errors';

/** Splits PEM text into the DER bodies of its blocks (any label); throws ERR_PEM_DECODE when malformed. */
export function pemToDerList(text: string): Uint8Array[] {
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
  if (blocks.length === 0) throw new CertsError('ERR_PEM_DECODE', 'no PEM block found');
  return blocks.map((block) => base64Strict(block[2] ?? '', 'ERR_PEM_DECODE'));
}

/** Encodes DER as PEM with 64-character lines. */
export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Decodes strict base64 (whitespace ignored); throws the given code when malformed. */
export function base64Strict(text: string, code: 'ERR_PEM_DECODE' | 'ERR_CERT_DECODE'): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new CertsError(code, 'not valid base64');
  }
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}
