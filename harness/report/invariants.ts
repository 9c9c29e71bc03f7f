/**
 * The security invariants and properties: the one table of their ids, what each states and how it
 * is decided. The checker (harness/analysis), the findings, the reports, the README's table and
 * docs/proof.md all read it; `test/unit/harness/report/invariants.test.ts` fails when a document's
 * table differs from it. Adding an invariant starts here (docs/architecture.md, "Where to add").
 */

/** How an invariant is decided by the proof (docs/proof.md). */
export type InvariantKind =
  /** Checked on every transition of the state graph. */
  | 'step'
  /** A property of the whole graph: reachability or bisimulation. */
  | 'graph';

/** One row of the table. */
export interface InvariantSpec {
  readonly id: string;
  readonly kind: InvariantKind;
  readonly statement: string;
}

/** The table, in report order. */
export const INVARIANTS = [
  {
    id: 'INV-AUTH',
    kind: 'step',
    statement: 'every accepted change was signed by the key of the certificate then in the authorising cell',
  },
  {
    id: 'INV-ROLE',
    kind: 'step',
    statement: 'a command only changes cells and counters of its remote party role',
  },
  {
    id: 'INV-CERT',
    kind: 'step',
    statement:
      'every installed certificate is profile-valid for its cell, chains to the anchor, was not revoked, and DS/KA of a role share an owner',
  },
  {
    id: 'INV-REPLAY',
    kind: 'step',
    statement: 'per (device, role, owner epoch) accepted counters strictly increase and exceed the floor',
  },
  {
    id: 'INV-ATOMIC',
    kind: 'step',
    statement:
      'a refusal leaves the device byte-identical; an acceptance lands every target cell and matches the reference model',
  },
  {
    id: 'INV-SCOPE',
    kind: 'step',
    statement:
      'a request from a non-registered party is only accepted through a declared waiver, and waivers only admit credential correction (6.15.1), never supply Critical Commands (7.1/7.2)',
  },
  {
    id: 'INV-CONVERGE',
    kind: 'step',
    statement:
      'a waived request may only install certificates of the registered party of the replaced role (no waived hand-over to a third NO)',
  },
  {
    id: 'INV-PLACE',
    kind: 'step',
    statement:
      'no accepted request from anyone but the registered NO places certificates of an NO that is not the registered NO in the NO cells (misplacement at its source)',
  },
  {
    id: 'LIVE-REPAIR',
    kind: 'graph',
    statement:
      "from every misplaced start some sequence of requests puts the registered NO's certificates in both NO cells (reachability)",
  },
  {
    id: 'DIFF-NO-REGRESSION',
    kind: 'graph',
    statement:
      'on correctly placed meters the policy and legacy give the same outcome and successor for every request (bisimulation)',
  },
  {
    id: 'LIVE-CONTROL',
    kind: 'step',
    statement:
      'no accepted request of another party leaves the registered NO or supplier, whose certificates are in the cells, locked out (counter or floor at 2^64-1)',
  },
] as const satisfies readonly InvariantSpec[];

/** One of the security invariants and properties. */
export type InvariantId = (typeof INVARIANTS)[number]['id'];

/** Every invariant id, in report order. */
export const INVARIANT_IDS: readonly InvariantId[] = INVARIANTS.map((i) => i.id);

/** Each invariant's statement. */
export const INVARIANT_STATEMENTS: Readonly<Record<InvariantId, string>> = Object.fromEntries(
  INVARIANTS.map((i) => [i.id, i.statement]),
) as Record<InvariantId, string>;

/** The invariants decided on every transition (the others are graph properties). */
export const STEP_INVARIANT_IDS: readonly InvariantId[] = INVARIANTS.filter((i) => i.kind === 'step').map(
  (i) => i.id,
);

/** The Markdown table of README.md's "Invariants" section, generated from the table. */
export function invariantTableMarkdown(): string {
  const rows = INVARIANTS.map((i) => [i.id, i.kind === 'step' ? 'every transition' : 'the whole graph', i.statement]);
  const head = ['id', 'checked on', 'statement'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
