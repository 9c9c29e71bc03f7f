import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReportJson, ReportError, writeReports } from '../../../../harness/report';
import { OUTPUT_KINDS } from '../../../../harness/io';
import { sampleReport } from './sample-report';

describe('writeReports', () => {
  it('writes report.json, junit.xml and index.html into a new directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'smets1-report-')), 'nested', 'report');
    const out = await writeReports(sampleReport(), dir);
    expect(out).toEqual({ json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), html: join(dir, 'index.html'), kept: [] });
    expect(parseReportJson(readFileSync(out.json, 'utf8')).cases).toHaveLength(10);
    expect(readFileSync(out.junit, 'utf8')).toContain('<testsuites');
    expect(readFileSync(out.html, 'utf8')).toContain('<!DOCTYPE html>');
  });

  it('fails with ERR_REPORT_WRITE when the directory cannot be made', async () => {
    const base = mkdtempSync(join(tmpdir(), 'smets1-report-'));
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    await expect(writeReports(sampleReport(), join(file, 'sub'))).rejects.toMatchObject({ code: 'ERR_REPORT_WRITE' });
    await expect(writeReports(sampleReport(), join(file, 'sub'))).rejects.toBeInstanceOf(ReportError);
  });

  it('keeps the other entries of an existing folder, deletes none, and names them in `kept`', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'smets1-report-')), 'report');
    await writeReports(sampleReport(), dir, {
      extra: [{ name: 'proof-legacy-inv-place.json', kind: OUTPUT_KINDS.scenario, content: '{"id":"P","world":{},"steps":[]}' }],
    });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    mkdirSync(join(dir, 'sub'));
    const again = await writeReports(sampleReport(), dir);
    expect(again.kept).toEqual(['notes.txt', 'proof-legacy-inv-place.json', 'sub']);
    expect(readdirSync(dir).sort()).toEqual(['index.html', 'junit.xml', 'notes.txt', 'proof-legacy-inv-place.json', 'report.json', 'sub']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    const third = await writeReports(sampleReport(), dir, {
      extra: [{ name: 'proof-legacy-inv-place.json', kind: OUTPUT_KINDS.scenario, content: '{"id":"Q","world":{},"steps":[]}' }],
    });
    expect(third.kept).toEqual(['notes.txt', 'sub']);
    expect(existsSync(join(dir, 'sub'))).toBe(true);
  });
});
