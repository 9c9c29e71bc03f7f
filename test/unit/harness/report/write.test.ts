import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReportJson, ReportError, writeReports } from '../../../../harness/report';
import { sampleReport } from './sample-report';

describe('writeReports', () => {
  it('writes report.json, junit.xml and index.html into a new directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'smets1-report-')), 'nested', 'report');
    const out = await writeReports(sampleReport(), dir);
    expect(out).toEqual({ json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), html: join(dir, 'index.html') });
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
});
