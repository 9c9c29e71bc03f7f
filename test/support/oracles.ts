import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// External oracles for XML signatures: the DCC's own Java tool (from the GPL devDependency
// @smartdcc/duis-sign-wrap, run from node_modules) and, optionally, Debian's xmlsec1.

let java: boolean | undefined;
let xmlsec: boolean | undefined;

/** True when `java -version` runs (checked once per test file); prints why tests skip otherwise. */
export function javaAvailable(): boolean {
  if (java === undefined) {
    java = spawnSync('java', ['-version'], { encoding: 'utf8' }).status === 0;
    if (!java && process.env.CI)
      throw new Error('java is not on PATH: CI must run the DCC signing-tool tests');
    if (!java) console.warn('java is not on PATH: the DCC signing-tool interop tests are skipped');
  }
  return java;
}

/** True when `xmlsec1 --version` runs; prints why tests skip otherwise. */
export function xmlsec1Available(): boolean {
  if (xmlsec === undefined) {
    xmlsec = spawnSync('xmlsec1', ['--version'], { encoding: 'utf8' }).status === 0;
    if (!xmlsec)
      console.warn('xmlsec1 is not on PATH: the xmlsec1 oracle tests are skipped (apt-get install xmlsec1)');
  }
  return xmlsec;
}

/** The DCC tool's jar inside node_modules. */
export function dccToolJar(): string {
  return join(dirname(require.resolve('@smartdcc/duis-sign-wrap/package.json')), 'dist', 'tool.jar');
}

/** Result of one oracle run: exit status and both streams. */
export interface OracleRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the DCC tool on a file: `Sign --preserveCounter` (key looked up from the RequestID among the
 * tool's bundled ZAZ1 keys) or `Validate` (XSD + signature; 0 valid, 10 refused).
 */
export function runDccTool(mode: 'Sign' | 'Validate', file: string, certPem?: string): OracleRun {
  const args = ['-cp', dccToolJar(), `uk.co.smartdcc.boxed.xmldsig.${mode}`, file];
  if (mode === 'Sign') args.push('--preserveCounter');
  if (mode === 'Validate' && certPem !== undefined) args.push(certPem);
  const r = spawnSync('java', args, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `xmlsec1 --verify --pubkey-cert-pem CERT FILE` (with `--node-xpath XPATH` when given). */
export function runXmlsec1Verify(certPem: string, file: string, nodeXpath?: string): OracleRun {
  const extra = nodeXpath === undefined ? [] : ['--node-xpath', nodeXpath];
  const r = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', certPem, ...extra, file], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the DCC tool's `Sign --preserveCounter` or `Validate` on many files in one JVM
 * (test/support/DuisBatch.java): for each file, its output, stderr and result code name
 * (`SUCCESS` when it signed, or when the document passed XSD and signature checks).
 */
export function runDccToolBatch(
  mode: 'sign' | 'validate',
  files: readonly string[],
  outDir: string,
): Map<string, { code: string; stdout: string; stderr: string }> {
  const r = spawnSync(
    'java',
    ['-cp', dccToolJar(), join(__dirname, 'DuisBatch.java'), mode, outDir, ...files],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (r.status !== 0) throw new Error(`DuisBatch ${mode} failed: ${r.stderr}`);
  const out = new Map<string, { code: string; stdout: string; stderr: string }>();
  for (const file of files) {
    const name = basename(file);
    out.set(file, {
      code: readFileSync(join(outDir, `${name}.rc`), 'utf8'),
      stdout: readFileSync(join(outDir, name), 'utf8'),
      stderr: readFileSync(join(outDir, `${name}.err`), 'utf8'),
    });
  }
  return out;
}
