import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusSummaryLine, scanGbcsCorpus } from '../../../../harness/captures';
import { brokenCs02bCommand, formsKeystore, gbcsForms } from '../../../support/gbcs-forms';

const dir = mkdtempSync(join(tmpdir(), 'smets1-captures-'));
const forms = gbcsForms();

beforeAll(() => {
  mkdirSync(join(dir, 'c', 'deep'), { recursive: true });
  forms.forEach((f, i) =>
    writeFileSync(
      join(dir, 'c', i % 2 ? 'deep' : '.', `${f.name}.hex`),
      Buffer.from(f.bytes).toString('hex'),
    ),
  );
  writeFileSync(join(dir, 'c', 'broken.bin'), brokenCs02bCommand());
  writeFileSync(join(dir, 'c', '.hidden'), 'skipped');
  symlinkSync(join(dir, 'c'), join(dir, 'c', 'deep', 'loop')); // a link back up: not followed
});

describe('scanGbcsCorpus', () => {
  it('writes one line per file, in name order, and counts them', () => {
    const chunks: string[] = [];
    const s = scanGbcsCorpus(['c'], { cwd: dir, write: (t) => void chunks.push(t) });
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; ok: boolean });
    expect(lines).toHaveLength(forms.length + 1);
    expect([s.files, s.ok, s.payloadErrors, s.unreadable, s.mode]).toEqual([
      forms.length + 1,
      forms.length,
      1,
      0,
      'decode',
    ]);
    expect(lines.find((l) => l.file === join('c', 'broken.bin'))?.ok).toBe(false);
    const names = lines.map((l) => l.file);
    expect(names.filter((n) => !n.includes('deep'))).toEqual(
      [...names.filter((n) => !n.includes('deep'))].sort(),
    );
    expect(corpusSummaryLine(s)).toMatch(
      /^smets1 gbcs decode: 12 files, 11 ok, 1 with a payload error, 0 unreadable \(/,
    );
  });

  it('verifies with a keystore: signature and MAC tallies apart', () => {
    const s = scanGbcsCorpus(['c'], { cwd: dir, keystore: formsKeystore(), write: () => undefined });
    expect(s.mode).toBe('verify');
    expect(s.signature).toEqual({ valid: 10, unsigned: 2 });
    expect(s.mac).toEqual({ valid: 8, absent: 4 });
  });
});
