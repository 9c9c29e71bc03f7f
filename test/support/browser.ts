import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** How to launch a headless Chromium with playwright-core: the binary and its command-line flags. */
export interface BrowserLaunch {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly source: 'system' | 'npm';
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '..', '..');

/** Flags that keep the browser offline and quiet (the report must load nothing but itself). */
const OFFLINE_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Inflates the Chromium shipped inside the `@sparticuz/chromium` npm package into a private folder
 * under node_modules/.cache (staged, then renamed, so concurrent test runs never see a half-written
 * binary) and returns its path and the package's recommended flags. The package is ESM-only, so it
 * runs in a child Node process (Jest runs in CommonJS mode).
 */
const npmChromium = (): BrowserLaunch => {
  const manifest = join(ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const cache = join(ROOT, 'node_modules', '.cache');
  const target = join(cache, `sparticuz-chromium-${version}`);
  const argsFile = join(target, 'args.json');
  if (!existsSync(argsFile)) {
    mkdirSync(cache, { recursive: true });
    const stage = mkdtempSync(join(cache, 'sparticuz-stage-'));
    try {
      const script =
        "import c from '@sparticuz/chromium'; const p = await c.executablePath(); " +
        'process.stdout.write(JSON.stringify({ path: p, args: c.args }));';
      // tmpdir() is where the package inflates its binary, fonts and SwiftShader libraries.
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: stage },
        encoding: 'utf8',
      });
      const { path, args } = JSON.parse(out) as { path: string; args: string[] };
      if (resolve(path) !== join(stage, 'chromium')) {
        throw new Error(`@sparticuz/chromium inflated to ${path}, expected ${stage}/chromium`);
      }
      writeFileSync(join(stage, 'args.json'), JSON.stringify(args));
      try {
        renameSync(stage, target);
      } catch (err) {
        // Another run renamed its copy first: use that one.
        if (!existsSync(argsFile)) throw err;
      }
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  }
  const args = JSON.parse(readFileSync(argsFile, 'utf8')) as string[];
  return { executablePath: join(target, 'chromium'), args: [...args, ...OFFLINE_FLAGS], source: 'npm' };
};

/**
 * The browser for browser tests: the system Chromium when `/usr/bin/chromium` exists (or the one
 * named by `SMETS1_CHROMIUM`), else the headless Chromium that `npm ci` brings with
 * `@sparticuz/chromium`, so the tests run on a machine with nothing but Node installed.
 */
export const browserLaunch = (): BrowserLaunch => {
  const system = process.env.SMETS1_CHROMIUM ?? SYSTEM_CHROMIUM;
  if (process.env.SMETS1_CHROMIUM !== 'npm' && existsSync(system)) {
    return {
      executablePath: system,
      args: ['--headless', '--no-sandbox', ...OFFLINE_FLAGS],
      source: 'system',
    };
  }
  return npmChromium();
};
