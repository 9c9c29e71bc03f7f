import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  decodeGbcs,
  GbcsError,
  hex4,
  verifyGbcs,
  type DecodedGbcs,
  type GbcsKeystore,
  type GbcsVerification,
} from '../../simulator/gbcs';
import { CapturesError } from './errors';

/** The largest file corpus mode reads; a GBCS APDU is far smaller (a larger file is an error line). */
export const MAX_GBCS_FILE_BYTES = 4 * 1024 * 1024;
/** Lines written to stdout per write call. */
const BATCH = 256;

/** GBCS bytes from file contents holding hex text (whitespace allowed) or raw binary. */
export function gbcsBytesOf(raw: Buffer): Uint8Array {
  const text = raw.toString('latin1').replace(/\s+/g, '');
  const isHex = text.length > 0 && text.length % 2 === 0 && /^[0-9A-Fa-f]+$/.test(text);
  return Uint8Array.from(isHex ? Buffer.from(text, 'hex') : raw);
}

/** One path of the corpus: a file to read, or a path that could not be read. */
type Entry =
  { readonly file: string; readonly path: string } | { readonly file: string; readonly error: CapturesError };

/**
 * The files under `paths` in a stable order: files as given, folders walked depth-first with their
 * entries sorted by name; hidden entries (a leading dot) and symbolic links to folders are skipped, so
 * a link loop cannot make the walk endless. A path that cannot be read is an entry with its error.
 */
export function* corpusFiles(cwd: string, paths: readonly string[]): Generator<Entry> {
  for (const p of paths) yield* walk(resolve(cwd, p), p, true);
}

function* walk(abs: string, shown: string, top: boolean): Generator<Entry> {
  let st;
  try {
    st = top ? statSync(abs) : lstatSync(abs);
    if (!top && st.isSymbolicLink()) {
      st = statSync(abs);
      if (st.isDirectory()) return;
    }
  } catch (cause) {
    yield { file: shown, error: new CapturesError('ERR_CAPTURES_FILE', `cannot read ${shown}`, { cause }) };
    return;
  }
  if (!st.isDirectory()) {
    yield { file: shown, path: abs };
    return;
  }
  let names: string[];
  try {
    names = readdirSync(abs).filter((n) => !n.startsWith('.'));
  } catch (cause) {
    yield { file: shown, error: new CapturesError('ERR_CAPTURES_FILE', `cannot list ${shown}`, { cause }) };
    return;
  }
  names.sort();
  for (const name of names) yield* walk(join(abs, name), join(shown, name), false);
}

/** Reads one corpus file, bounded by MAX_GBCS_FILE_BYTES; a failure is a CapturesError. */
function readEntry(entry: { file: string; path: string }): Uint8Array {
  let raw: Buffer;
  try {
    if (statSync(entry.path).size > MAX_GBCS_FILE_BYTES)
      throw new CapturesError(
        'ERR_CAPTURES_FILE',
        `${entry.file} is larger than ${MAX_GBCS_FILE_BYTES} bytes`,
      );
    raw = readFileSync(entry.path);
  } catch (cause) {
    if (cause instanceof CapturesError) throw cause;
    throw new CapturesError('ERR_CAPTURES_FILE', `cannot read ${entry.file}`, { cause });
  }
  return gbcsBytesOf(raw);
}

/** The fields of one corpus line every mode shares. */
function headerFields(d: DecodedGbcs): Record<string, unknown> {
  return {
    envelope: d.envelope,
    form: d.form,
    cra: d.cra,
    messageCode: hex4(d.messageCode),
    useCase: d.useCase ? (d.useCase.id ?? d.useCase.name) : null,
    useCaseName: d.useCase?.name ?? null,
    originator: d.originator,
    recipient: d.recipient,
    counter: d.counter.toString(),
    content: d.content.kind,
  };
}

const EMPTY_HEADER = {
  envelope: null,
  form: null,
  cra: null,
  messageCode: null,
  useCase: null,
  useCaseName: null,
  originator: null,
  recipient: null,
  counter: null,
  content: null,
};

const findingsOf = (d: DecodedGbcs) => d.findings.map((f) => ({ code: f.code, detail: f.detail }));

/** One decode line: the header, the signature and MAC bytes, findings, the payload error if any. */
export function decodeLine(file: string, d: DecodedGbcs): Record<string, unknown> {
  return {
    file,
    ok: d.payloadError === undefined,
    ...headerFields(d),
    signature: d.signature ? Buffer.from(d.signature).toString('hex') : null,
    mac: d.mac ? Buffer.from(d.mac).toString('hex') : null,
    findings: findingsOf(d),
    error: d.payloadError ?? null,
  };
}

/** One verify line: the header, the signature and MAC statuses apart, findings, errors. */
export function verifyLine(file: string, v: GbcsVerification): Record<string, unknown> {
  const d = v.decoded;
  return {
    file,
    ok: d.payloadError === undefined && v.signature.status !== 'invalid' && v.mac.status !== 'invalid',
    ...headerFields(d),
    signature: v.signature.status,
    mac: v.mac.status,
    ...(v.mac.keys ? { macKeys: v.mac.keys } : {}),
    findings: findingsOf(d),
    error: d.payloadError ?? null,
  };
}

function errorLine(file: string, err: { code: string; message: string }): Record<string, unknown> {
  return {
    file,
    ok: false,
    ...EMPTY_HEADER,
    signature: null,
    mac: null,
    findings: [],
    error: { code: err.code, message: err.message },
  };
}

/** What a corpus scan counted. */
export interface CorpusSummary {
  readonly mode: 'decode' | 'verify';
  readonly files: number;
  readonly ok: number;
  readonly unreadable: number;
  readonly payloadErrors: number;
  /** verify: files per signature status and per MAC status. */
  readonly signature: Readonly<Record<string, number>>;
  readonly mac: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly filesPerSecond: number;
}

/** How a corpus scan runs: paths relative to `cwd`, verify with `keystore`, lines to `write`. */
export interface CorpusOptions {
  readonly cwd?: string;
  /** Given: verify lines (signature and MAC statuses); absent: decode lines. */
  readonly keystore?: GbcsKeystore;
  /** Receives the JSON lines in batches (each chunk ends with a newline). */
  readonly write: (chunk: string) => void;
}

/**
 * Reads every file under `paths` in one pass: one JSON line per file (decode or, with a keystore,
 * verify; written in batches), and returns the tallies. Nothing is kept per file, so memory does not
 * grow with the corpus; a file that cannot be read or decoded is a line with its coded error.
 * @see docs/gbcs-bytes.md (Corpus mode)
 */
export function scanGbcsCorpus(paths: readonly string[], options: CorpusOptions): CorpusSummary {
  const started = process.hrtime.bigint();
  const keystore = options.keystore;
  let files = 0;
  let ok = 0;
  let unreadable = 0;
  let payloadErrors = 0;
  const signature: Record<string, number> = {};
  const mac: Record<string, number> = {};
  let batch: string[] = [];
  const emit = (line: Record<string, unknown>) => {
    files++;
    if (line.ok) ok++;
    batch.push(JSON.stringify(line));
    if (batch.length >= BATCH) {
      options.write(`${batch.join('\n')}\n`);
      batch = [];
    }
  };
  for (const entry of corpusFiles(options.cwd ?? process.cwd(), paths)) {
    if ('error' in entry) {
      unreadable++;
      emit(errorLine(entry.file, entry.error));
      continue;
    }
    let decoded: DecodedGbcs;
    try {
      decoded = decodeGbcs(readEntry(entry));
    } catch (err) {
      if (!(err instanceof GbcsError || err instanceof CapturesError)) throw err;
      unreadable++;
      emit(errorLine(entry.file, err));
      continue;
    }
    if (decoded.payloadError) payloadErrors++;
    if (keystore) {
      const v = verifyGbcs(decoded, keystore);
      signature[v.signature.status] = (signature[v.signature.status] ?? 0) + 1;
      mac[v.mac.status] = (mac[v.mac.status] ?? 0) + 1;
      emit(verifyLine(entry.file, v));
    } else emit(decodeLine(entry.file, decoded));
  }
  if (batch.length > 0) options.write(`${batch.join('\n')}\n`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    mode: keystore ? 'verify' : 'decode',
    files,
    ok,
    unreadable,
    payloadErrors,
    signature,
    mac,
    seconds,
    filesPerSecond: seconds > 0 ? files / seconds : files,
  };
}

/** The one-line stderr summary of a scan. */
export function corpusSummaryLine(s: CorpusSummary): string {
  const counts = (r: Readonly<Record<string, number>>) =>
    Object.entries(r)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return (
    `smets1 gbcs ${s.mode}: ${s.files} files, ${s.ok} ok, ${s.payloadErrors} with a payload error, ${s.unreadable} unreadable` +
    (s.mode === 'verify'
      ? `; signature: ${counts(s.signature) || 'none'}; mac: ${counts(s.mac) || 'none'}`
      : '') +
    ` (${s.seconds.toFixed(2)} s, ${Math.round(s.filesPerSecond)} files/s)`
  );
}
