import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  packageRoot,
  PACKAGE_ROOT,
  PACKAGE_VERSION,
  SHIPPED_CATALOGUE,
} from '../../../../harness/scenario/shipped';

describe('packageRoot', () => {
  it('is the repository root from the sources, whatever the working directory', () => {
    expect(PACKAGE_ROOT).toBe(resolve(__dirname, '..', '..', '..', '..'));
    expect(SHIPPED_CATALOGUE).toBe(join(PACKAGE_ROOT, 'scenarios'));
    expect(readFileSync(join(SHIPPED_CATALOGUE, 'manifest.json'), 'utf8')).toContain('krp-mis-core.json');
  });

  it('walks up past folders without a package.json (as from dist/harness/scenario)', () => {
    const root = mkdtempSync(join(tmpdir(), 'smets1-root-'));
    writeFileSync(join(root, 'package.json'), '{"name":"x","version":"9.9.9"}');
    const deep = join(root, 'dist', 'harness', 'scenario');
    mkdirSync(deep, { recursive: true });
    expect(packageRoot(deep)).toBe(root);
  });

  it('refuses when no package.json is above', () => {
    expect(() => packageRoot('/')).toThrow(/no package.json above/);
  });

  it('reads the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });
});
