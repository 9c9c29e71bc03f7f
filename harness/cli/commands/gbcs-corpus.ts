import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  decodeGbcs,
  GbcsError,
  gbcsKeystoreFromFiles,
  hex4,
  verifyGbcs,
  type DecodedGbcs,
  type GbcsKeystore,
  type GbcsVerification,
  type KeystoreFile,
} from '../../../simulator/gbcs';
import { CliError, type CliIo } from '../io';

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
  { readonly file: string; readonly path: string } | { readonly file: string; readonly error: CliError };

/**
 * The files under `paths` in a stable order: files as given, folders walked depth-first with their
 * entries sorted by name; hidden entries (a leading dot) and symbolic links to folders are skipped, so
 * a link loop cannot make the walk endless. A path that cannot be read is an entry with its error.
 */
export function* corpusFiles(io: CliIo, paths: readonly string[]): Generator<Entry> {
  for (const p of paths) yield* walk(resolve(io.cwd, p), p, true);
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
    yield { file: shown, error: new CliError('ERR_CLI_FILE', `cannot read ${shown}`, 2, { cause }) };
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
    yield { file: shown, error: new CliError('ERR_CLI_FILE', `cannot list ${shown}`, 2, { cause }) };
    return;
  }
  names.sort();
  for (const name of names) yield* walk(join(abs, name), join(shown, name), false);
}

/** Reads one corpus file, bounded by MAX_GBCS_FILE_BYTES; a failure is a coded CliError. */
function readEntry(entry: { file: string; path: string }): Uint8Array {
  let raw: Buffer;
  try {
    if (statSync(entry.path).size > MAX_GBCS_FILE_BYTES)
      throw new CliError('ERR_CLI_FILE', `${entry.file} is larger than ${MAX_GBCS_FILE_BYTES} bytes`, 2);
    raw = readFileSync(entry.path);
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError('ERR_CLI_FILE', `cannot read ${entry.file}`, 2, { cause });
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

/** Tallies of a corpus run, for the stderr summary. */
interface Tally {
  files: number;
  ok: number;
  unreadable: number;
  payloadErrors: number;
  signature: Record<string, number>;
  mac: Record<string, number>;
}

/**
 * Corpus mode: every file under `paths`, one JSON line each on stdout (written in batches), a summary
 * on stderr. `keystore` given: verify lines; else decode lines. Returns the exit code: 0 when every
 * line is ok, 1 otherwise. Memory stays bounded whatever the corpus size: nothing is kept per file.
 */
export function runCorpus(io: CliIo, paths: readonly string[], keystore?: GbcsKeystore): number {
  const started = process.hrtime.bigint();
  const t: Tally = { files: 0, ok: 0, unreadable: 0, payloadErrors: 0, signature: {}, mac: {} };
  let batch: string[] = [];
  const emit = (line: Record<string, unknown>) => {
    t.files++;
    if (line.ok) t.ok++;
    batch.push(JSON.stringify(line));
    if (batch.length >= BATCH) {
      io.stdout(`${batch.join('\n')}\n`);
      batch = [];
    }
  };
  for (const entry of corpusFiles(io, paths)) {
    if ('error' in entry) {
      t.unreadable++;
      emit(errorLine(entry.file, entry.error));
      continue;
    }
    let decoded: DecodedGbcs;
    try {
      decoded = decodeGbcs(readEntry(entry));
    } catch (err) {
      if (!(err instanceof GbcsError || err instanceof CliError)) throw err;
      t.unreadable++;
      emit(errorLine(entry.file, err));
      continue;
    }
    if (decoded.payloadError) t.payloadErrors++;
    if (keystore) {
      const v = verifyGbcs(decoded, keystore);
      t.signature[v.signature.status] = (t.signature[v.signature.status] ?? 0) + 1;
      t.mac[v.mac.status] = (t.mac[v.mac.status] ?? 0) + 1;
      emit(verifyLine(entry.file, v));
    } else emit(decodeLine(entry.file, decoded));
  }
  if (batch.length > 0) io.stdout(`${batch.join('\n')}\n`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = seconds > 0 ? Math.round(t.files / seconds) : t.files;
  const counts = (r: Record<string, number>) =>
    Object.entries(r)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  io.stderr(
    `smets1 gbcs ${keystore ? 'verify' : 'decode'}: ${t.files} files, ${t.ok} ok, ${t.payloadErrors} with a payload error, ${t.unreadable} unreadable` +
      (keystore ? `; signature: ${counts(t.signature) || 'none'}; mac: ${counts(t.mac) || 'none'}` : '') +
      ` (${seconds.toFixed(2)} s, ${rate} files/s)\n`,
  );
  return t.ok === t.files ? 0 : 1;
}

/**
 * Reads a keystore folder (`<16 hex EUI>-ds.pem`, `-ka.pem`, `-ds.key`, `-ka.key`; other files are
 * ignored). An unreadable folder or key file is a coded CLI error (exit 2).
 */
export function readKeystoreDir(io: CliIo, dir: string): GbcsKeystore {
  const abs = resolve(io.cwd, dir);
  let names: string[];
  try {
    names = readdirSync(abs).filter((n) => /\.(pem|key)$/i.test(n));
  } catch (cause) {
    throw new CliError('ERR_CLI_FILE', `cannot list keystore ${dir}`, 2, { cause });
  }
  const files: KeystoreFile[] = [];
  for (const name of names) {
    try {
      const path = join(abs, name);
      if (!statSync(path).isFile()) continue;
      if (statSync(path).size > 64 * 1024)
        throw new CliError('ERR_CLI_FILE', `keystore file ${name} is larger than 64 KiB`, 2);
      files.push({ name, text: readFileSync(path, 'utf8') });
    } catch (cause) {
      if (cause instanceof CliError) throw cause;
      throw new CliError('ERR_CLI_FILE', `cannot read keystore file ${name}`, 2, { cause });
    }
  }
  try {
    return gbcsKeystoreFromFiles(files).keystore;
  } catch (err) {
    if (err instanceof GbcsError) throw CliError.wrap(err, `keystore ${dir}: `);
    throw err;
  }
}
