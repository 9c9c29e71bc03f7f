import tseslint from 'typescript-eslint';

/** Import specifiers that reach into each layer (relative paths from anywhere in the repo). */
const LAYER = {
  simulator: ['**/simulator', '**/simulator/**'],
  harness: ['**/harness', '**/harness/**'],
  bench: ['**/bench', '**/bench/**'],
};

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
  {
    files: ['harness/runner/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/dut/http-*'],
              message: 'the runner talks to implementations through harness/dut/port.ts only',
            },
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
