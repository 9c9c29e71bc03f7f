import { join } from 'node:path';
import { entriesKept, IoError, OUTPUT_KINDS, writeOutputSet, type KindedFile, type WriteOptions } from '../io';
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
  /**
   * Entries the folder already held that this set did not write (another command's output, such as
   * the demo's proof-*.json, or the user's own files): left in place, not deleted, and not referred
   * to by these reports. Sorted; empty for a new folder.
   */
  readonly kept: readonly string[];
}

/** The report set of one run: report.json, junit.xml and index.html with their kinds. */
export function reportFiles(report: RunReport): KindedFile[] {
  return [
    { name: 'report.json', content: toJson(report), kind: OUTPUT_KINDS.reportJson },
    { name: 'junit.xml', content: toJUnit(report), kind: OUTPUT_KINDS.junit },
    { name: 'index.html', content: toHtml(report), kind: OUTPUT_KINDS.html },
  ];
}

/**
 * Writes report.json, junit.xml and index.html into `dir` as one set (the folder is swapped in
 * whole, see docs/reliability.md); `extra` files join the set. Other entries of the folder are
 * kept as they are and named in the result's `kept`, for the caller to say so. A refused overwrite keeps its
 * IoError code (ERR_OUT_*); any other failure is ERR_REPORT_WRITE.
 */
export async function writeReports(
  report: RunReport,
  dir: string,
  options: WriteOptions & { extra?: readonly KindedFile[] } = {},
): Promise<WrittenReports> {
  const files = [...reportFiles(report), ...(options.extra ?? [])];
  let kept: string[] = [];
  try {
    kept = entriesKept(dir, files.map((f) => f.name));
    writeOutputSet(dir, files, options);
  } catch (cause) {
    if (cause instanceof IoError && cause.code !== 'ERR_OUT_WRITE') throw cause;
    throw new ReportError('ERR_REPORT_WRITE', `cannot write reports to ${dir}: ${(cause as Error).message}`, { cause });
  }
  return Promise.resolve({
    json: join(dir, 'report.json'),
    junit: join(dir, 'junit.xml'),
    html: join(dir, 'index.html'),
    kept,
  });
}
