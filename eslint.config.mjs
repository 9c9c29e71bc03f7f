import tseslint from 'typescript-eslint';

/** Import specifiers that reach into each layer (relative paths from anywhere in the repo). */
const LAYER = {
  simulator: ['**/simulator', '**/simulator/**'],
  harness: ['**/harness', '**/harness/**'],
  bench: ['**/bench', '**/bench/**'],
};

/**
 * Specifiers that reach the folder `harness/<job>` from a file inside harness/ (one to four levels
 * up, which is every depth the tree has), e.g. `../serve`, `../../serve/http-server`.
 */
const job = (name) =>
  [1, 2, 3, 4].flatMap((up) => [`${'../'.repeat(up)}${name}`, `${'../'.repeat(up)}${name}/**`]);

/**
 * The jobs of harness/ and what each must not import (docs/architecture.md, "Layers and jobs").
 * The foundations (dut, scenario, report, io, policies) import no job; every job may import them.
 */
const JOB_RULES = [
  [
    'harness/{dut,scenario,report,io}/**/*.ts',
    ['conformance', 'serve', 'analysis', 'estate', 'mutate', 'captures', 'cli'],
    'a foundation of harness/ imports no job folder',
  ],
  [
    'harness/policies.ts',
    ['conformance', 'serve', 'analysis', 'estate', 'mutate', 'captures', 'cli'],
    'a foundation of harness/ imports no job folder',
  ],
  [
    'harness/conformance/**/*.ts',
    ['serve', 'analysis', 'estate', 'mutate', 'cli'],
    'conformance imports no server, analysis, estate or CLI code',
  ],
  [
    'harness/serve/**/*.ts',
    ['conformance', 'analysis', 'estate', 'mutate', 'cli'],
    'the servers import no client, runner, analysis, estate or CLI code',
  ],
  [
    'harness/analysis/**/*.ts',
    ['conformance', 'serve', 'estate', 'mutate', 'cli'],
    'analysis never imports the runner, the clients or the servers',
  ],
  [
    'harness/estate/**/*.ts',
    ['dut', 'conformance', 'serve', 'analysis', 'mutate', 'cli'],
    'the estate never imports the DUT port, the runner or the servers',
  ],
  [
    'harness/captures/**/*.ts',
    ['dut', 'conformance', 'serve', 'analysis', 'estate', 'mutate', 'cli'],
    'GBCS captures read files with the simulator codecs only, no port, server or CLI',
  ],
  [
    'harness/mutate/**/*.ts',
    ['serve', 'analysis', 'estate', 'cli'],
    'mutation testing drives the reference through the port, never a server',
  ],
];

export default tseslint.config(
  {
    ignores: [
      '.ci/**',
      'dist/**',
      'node_modules/**',
      'report/**',
      'coverage/**',
      '.jest-cache/**',
      'bin/**',
      'scripts/**',
      'examples/provider-ci/**',
      '*.config.js',
      '*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Layer boundaries (docs/architecture.md): certs <- simulator <- harness; the runner uses the DUT port only.
  {
    files: ['certs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: LAYER.simulator.concat(LAYER.harness, LAYER.bench),
              message: 'certs imports nothing of the project',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: LAYER.harness.concat(LAYER.bench), message: 'simulator imports nothing of harness' },
          ],
        },
      ],
    },
  },
  ...JOB_RULES.map(([files, jobs, message]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: jobs.flatMap(job).concat(LAYER.bench), message }] },
      ],
    },
  })),
  // The runner talks to implementations through the port only, never a client adapter.
  {
    files: ['harness/conformance/runner/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../clients', '../clients/**'].concat(
                job('serve'),
                job('analysis'),
                job('estate'),
                job('cli'),
                LAYER.bench,
              ),
              message: 'the runner talks to implementations through harness/dut/port.ts only',
            },
          ],
        },
      ],
    },
  },
  // Nothing of the published library but the CLI imports bench/ (the CLI's `bench` command).
  {
    files: ['api/**/*.ts', 'index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: LAYER.bench, message: 'only the CLI imports bench/' }] },
      ],
    },
  },
  // bench/ measures the library; it never imports the CLI.
  {
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/harness/cli', '**/harness/cli/**'], message: 'bench/ never imports the CLI' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
