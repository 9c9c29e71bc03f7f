/** Codes of tolerated non-canonical forms a GBCS decoder reports as data (never errors). */
export type GbcsFindingCode = 'NON_MINIMAL_LENGTH';

/**
 * A non-canonical form a decoder accepted: real GBCS data writes some lengths long-form with leading
 * zeros (docs/gbcs-bytes.md), so the decoders read them and say so here.
 */
export interface GbcsFinding {
  readonly code: GbcsFindingCode;
  /** Byte offset of the length octets in the decoded input. */
  readonly offset: number;
  readonly detail: string;
}
