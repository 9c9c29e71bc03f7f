import type { DerFinding, DerFindingCode } from '../../certs/der/reader';

/** Codes of tolerated non-canonical forms a GBCS decoder reports as data (never errors). */
export type GbcsFindingCode = DerFindingCode;

/**
 * A non-canonical form a decoder accepted: real GBCS data writes some lengths long-form with leading
 * zeros (docs/gbcs-bytes.md), so the decoders read them with the DER reader's lenient mode and say
 * so here.
 */
export type GbcsFinding = DerFinding;
