/**
 * The project's import graph as the compiler sees it: every relative import of every source file,
 * with whether it is erased at run time (`import type`, or every named binding marked `type`).
 * Used by the architecture tests (runtime cycles, the layer rules).
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Every .ts file under the given folders (repo-relative, '/'-separated). */
export function sourceFiles(folders: readonly string[], root = REPO_ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts'))
        out.push(relative(root, p).split('\\').join('/'));
    }
  };
  for (const f of folders) {
    const p = join(root, f);
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory()) walk(p);
    else out.push(f);
  }
  return out.sort();
}

function resolveSpecifier(fromFile: string, spec: string, root: string): string | undefined {
  const base = resolve(root, dirname(fromFile), spec);
  for (const cand of [`${base}.ts`, join(base, 'index.ts')])
    if (existsSync(cand) && statSync(cand).isFile()) return relative(root, cand).split('\\').join('/');
  return undefined;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false; // a side-effect import runs the module
    if (clause.isTypeOnly) return true;
    if (clause.name) return false;
    const b = clause.namedBindings;
    if (!b || ts.isNamespaceImport(b)) return false;
    return b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
  }
  if (node.isTypeOnly) return true;
  const c = node.exportClause;
  return !!c && ts.isNamedExports(c) && c.elements.length > 0 && c.elements.every((e) => e.isTypeOnly);
}

/** The relative imports and re-exports of one file's text. */
export function importsOf(file: string, text: string, root = REPO_ROOT): ImportEdge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: ImportEdge[] = [];
  for (const st of sf.statements) {
    if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st))) continue;
    const spec = st.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const to = resolveSpecifier(file, spec.text, root);
    if (to) out.push({ from: file, to, typeOnly: isTypeOnly(st) });
  }
  return out;
}

/** The graph of the given folders. */
export function importGraph(folders: readonly string[], root = REPO_ROOT): ImportEdge[] {
  return sourceFiles(folders, root).flatMap((f) => importsOf(f, readFileSync(join(root, f), 'utf8'), root));
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
export function cyclesOf(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, []);
    next.get(e.from)!.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (next.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) strong(v);
  return out;
}
