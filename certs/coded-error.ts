/**
 * The base of every layer's error class: a stable `code` from a string-literal union and the
 * underlying `cause`, so callers `switch (err.code)` (docs/architecture.md, Errors). Layers subclass it with their
 * own code union and name.
 */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `err` is one of the project's coded errors (any layer). */
export function isCodedError(err: unknown): err is CodedError<string> {
  return err instanceof CodedError;
}
