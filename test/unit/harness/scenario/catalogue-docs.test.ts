/**
 * docs/scenarios.md's catalogue table names every shipped scenario id exactly once: ranges such as
 * `KRP-MIS-002..009` are expanded, `KRP-AREA-<from>-<to>` stands for the wrong-area family with the
 * count the row states. The test fails when a case is added, removed or renamed without the table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue, PACKAGE_ROOT, SHIPPED_CATALOGUE } from '../../../../harness/scenario';

const AREA = /^KRP-AREA-\d+-\d+$/;

/** The rows (ids cell, what cell) of the table under `## Catalogue`. */
function tableRows(markdown: string): [string, string][] {
  const section = markdown.split(/^## Catalogue$/m)[1] ?? '';
  const body = section.split(/^## /m)[0] ?? '';
  return body
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1)
    .map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      return [cells[1] ?? '', cells[2] ?? ''];
    });
}

/** `KRP-MIS-002..009` -> KRP-MIS-002 ... KRP-MIS-009; a single id stays itself. */
function expand(item: string): string[] {
  const range = /^(.*-)(\d+)\.\.(\d+)$/.exec(item);
  if (!range) return [item];
  const [, prefix, from, to] = range as unknown as [string, string, string, string];
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++)
    out.push(`${prefix}${String(n).padStart(from.length, '0')}`);
  return out;
}

describe('docs/scenarios.md catalogue table', () => {
  const rows = tableRows(readFileSync(join(PACKAGE_ROOT, 'docs', 'scenarios.md'), 'utf8'));
  const ids = loadCatalogue(SHIPPED_CATALOGUE).map((l) => l.scenario.id);

  it('parses a table', () => {
    expect(rows.length).toBeGreaterThan(10);
  });

  it('lists every catalogue id exactly once, and no id the catalogue lacks', () => {
    const listed: string[] = [];
    for (const [cell] of rows) {
      for (const item of cell.split(',').map((x) => x.trim())) {
        if (item === 'KRP-AREA-<from>-<to>') listed.push(...ids.filter((id) => AREA.test(id)));
        else listed.push(...expand(item));
      }
    }
    const counts = new Map<string, number>();
    for (const id of listed) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1).map(([id]) => id)).toEqual([]);
    expect([...new Set(listed)].sort()).toEqual([...ids].sort());
  });

  it('states the size of the wrong-area family and of the catalogue as they are', () => {
    const area = rows.find(([cell]) => cell === 'KRP-AREA-<from>-<to>');
    expect(area?.[1]).toContain(`(${ids.filter((id) => AREA.test(id)).length} cases)`);
    const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'scenarios.md'), 'utf8');
    expect(doc).toMatch(new RegExp(`has\\s+${ids.length}\\s+cases`));
  });
});
