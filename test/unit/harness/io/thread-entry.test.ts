import { threadBootstrap } from '../../../../harness/io/thread-entry';

describe('threadBootstrap', () => {
  it('loads the compiled entry beside a compiled module, without tsx', () => {
    const code = threadBootstrap('/pkg/dist/harness/cli/serve-thread.js', 'commands/serve', 'runServeThread');
    expect(code).toBe('require("/pkg/dist/harness/cli/commands/serve.js").runServeThread();');
    expect(code).not.toContain('tsx');
  });

  it('loads the TypeScript entry through tsx when the module runs from the sources', () => {
    const code = threadBootstrap('/repo/harness/estate/pool.ts', 'worker', 'serveEstateWorker');
    expect(code).toMatch(
      /^require\(".*tsx.*cjs.*"\); require\("\/repo\/harness\/estate\/worker\.ts"\)\.serveEstateWorker\(\);$/,
    );
  });
});
