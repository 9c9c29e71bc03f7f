'use strict';
// Lists the tarball `npm pack` would make and asserts what a user installs: compiled JS with types,
// the catalogue and the HTTP contract; no tests, CI scripts, configs or TypeScript sources.
const { execFileSync } = require('node:child_process');

const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
);
const files = pack.files.map((f) => f.path);
const problems = [];
const need = (path) => files.includes(path) || problems.push(`missing ${path}`);
const forbid = (re, why) => files.filter((f) => re.test(f)).forEach((f) => problems.push(`${why}: ${f}`));

for (const f of [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'bin/smets1.js',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/certs/index.js',
  'dist/simulator/index.js',
  'dist/harness/index.js',
  'dist/harness/index.d.ts',
  'dist/harness/cli/main.js',
  'dist/harness/estate/worker.js',
  'scenarios/manifest.json',
  'scenarios/scenario.schema.json',
  'harness/dut/openapi.yaml',
])
  need(f);
const js = files.filter((f) => /^dist\/.*\.js$/.test(f));
const dts = files.filter((f) => /^dist\/.*\.d\.ts$/.test(f));
if (js.length < 50) problems.push(`only ${js.length} dist/**/*.js files`);
for (const f of js) if (!files.includes(f.replace(/\.js$/, '.d.ts'))) problems.push(`no types for ${f}`);
forbid(/^test\//, 'tests');
forbid(/^\.ci\//, 'CI scripts');
forbid(/^examples\//, 'examples');
forbid(/(^|\/)(jest|eslint|prettier)[^/]*\.(c|m)?js$|^tsconfig.*\.json$|^\.[a-z]/, 'config');
forbid(/(?<!\.d)\.ts$/, 'TypeScript source');
forbid(/\.tsbuildinfo$/, 'build info');
forbid(/^node_modules\//, 'node_modules');

process.stdout.write(
  `${pack.filename}: ${files.length} files (${js.length} JS, ${dts.length} .d.ts), ${pack.size} bytes\n`,
);
if (problems.length > 0) {
  process.stdout.write(`${problems.join('\n')}\n`);
  process.exitCode = 1;
}
