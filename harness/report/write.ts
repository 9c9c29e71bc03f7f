import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toJson } from './canonical';
import { ReportError } from './errors';
import { toHtml } from './html';
import { toJUnit } from './junit';
import type { RunReport } from './types';

/** Paths of the files writeReports produced. */
export interface WrittenReports {
  readonly json: string;
  readonly junit: string;
  readonly html: string;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

/** Writes report.json, junit.xml and index.html into `dir` (created if missing); ERR_REPORT_WRITE on failure. */
export async function writeReports(report: RunReport, dir: string): Promise<WrittenReports> {
  const out = { json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), html: join(dir, 'index.html') };
  try {
    await mkdir(dir, { recursive: true });
    await writeAtomically(out.json, toJson(report));
    await writeAtomically(out.junit, toJUnit(report));
    await writeAtomically(out.html, toHtml(report));
  } catch (cause) {
    throw new ReportError('ERR_REPORT_WRITE', `cannot write reports to ${dir}: ${(cause as Error).message}`, { cause });
  }
  return out;
}
