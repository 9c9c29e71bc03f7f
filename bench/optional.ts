/** A figure another part of the project provides, or why it could not be measured in this run. */
export type OptionalFigure =
  | { readonly status: 'ok'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly status: 'n/a'; readonly reason: string };

/**
 * Runs one figure's measurement; a failure becomes `n/a` with its first message line, so one
 * broken figure does not cost the rest of the bench table.
 */
export async function measureOptional(
  name: string,
  measure: () => object | Promise<object>,
): Promise<OptionalFigure> {
  try {
    const value = (await measure()) as Record<string, unknown> | undefined;
    return { status: 'ok', value: value ?? {} };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'n/a', reason: `${name} failed: ${message.split('\n')[0]}` };
  }
}
