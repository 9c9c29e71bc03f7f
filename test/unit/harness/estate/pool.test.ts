import { bootstrapCode } from '../../../../harness/estate/pool';

describe('bootstrapCode', () => {
  it('loads the compiled worker directly when running compiled', () => {
    const code = bootstrapCode('/pkg/dist/harness/estate/pool.js');
    expect(code).toBe('require("/pkg/dist/harness/estate/worker.js").serveEstateWorker();');
    expect(code).not.toContain('tsx');
  });

  it('loads worker.ts through tsx when running from the sources', () => {
    const code = bootstrapCode('/repo/harness/estate/pool.ts');
    expect(code).toMatch(/^require\(".*tsx.*cjs.*"\); require\("\/repo\/harness\/estate\/worker.ts"\)/);
  });
});
