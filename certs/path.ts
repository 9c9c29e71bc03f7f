import { createLru } from './lru';
import type { OrgCertificate, PathFailureCode, PathVerdict, RevocationList } from './types';
import { verifyP1363 } from './crypto';
import { UNDERSTOOD_CRITICAL_EXTENSIONS } from './profile';

/** Inputs of certification path validation. */
export interface PathOptions {
  /** The trust anchor (trusted as is: its own signature is not checked). */
  anchor: OrgCertificate;
  intermediates?: readonly OrgCertificate[];
  /** Validation time; undefined = no time checks (DCC's "ApplyTimeBasedCPVChecks" false). */
  at?: Date;
  /** Revoked certificate IDs, checked on the leaf and intermediates. */
  revoked?: RevocationList;
  /** Longest chain accepted, anchor included (default 5). */
  maxDepth?: number;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const DEFAULT_MAX_DEPTH = 5;
/**
 * Default bound of the path verdict cache (entries of a few hundred bytes: a few MB).
 * @see docs/reliability.md
 */
export const DEFAULT_PATH_CACHE_LIMIT = 10_000;
/**
 * Default weight bound of the path cache in bytes: a valid verdict holds its chain, so it keeps
 * the leaf certificate alive after the decode cache dropped it; it weighs like a decode entry.
 */
export const DEFAULT_PATH_CACHE_BYTES = 16 * 1024 * 1024;

const cache = createLru<string, PathVerdict>(DEFAULT_PATH_CACHE_LIMIT, {
  weigh: (v) => (v.ok ? 10 * (v.chain[0]?.der.length ?? 0) : 0) + 512,
  maxWeight: DEFAULT_PATH_CACHE_BYTES,
});
const revocationIds = new WeakMap<RevocationList, number>();
let nextRevocationId = 1;
/**
 * A short number per certificate object, for cache keys: certificates are immutable (and interned
 * by fingerprint when decoded), so the same object always validates the same way. Two objects with
 * one fingerprint only cost a cache miss.
 */
const certificateIds = new WeakMap<OrgCertificate, number>();
let nextCertificateId = 1;

function certificateKey(cert: OrgCertificate): number {
  let id = certificateIds.get(cert);
  if (id === undefined) {
    id = nextCertificateId++;
    certificateIds.set(cert, id);
  }
  return id;
}

function fail(code: PathFailureCode, link: number, detail: string): PathVerdict {
  return { ok: false, code, link, detail };
}

function revocationKey(revoked: RevocationList | undefined): string {
  // An empty list revokes nothing, exactly like no list.
  if (!revoked || revoked.size === 0) return 'none';
  let id = revocationIds.get(revoked);
  if (id === undefined) {
    id = nextRevocationId++;
    revocationIds.set(revoked, id);
  }
  return `r${id}`;
}

function findIssuer(
  cert: OrgCertificate,
  candidates: readonly OrgCertificate[],
): OrgCertificate | 'aki-mismatch' | undefined {
  const byName = candidates.filter((c) => c.subjectNameKey === cert.issuerNameKey);
  if (byName.length === 0) return undefined;
  if (cert.aki === undefined) return byName[0];
  return byName.find((c) => c.ski === undefined || c.ski === cert.aki) ?? 'aki-mismatch';
}

function buildChain(
  leaf: OrgCertificate,
  options: PathOptions,
  maxDepth: number,
): OrgCertificate[] | PathVerdict {
  const candidates = [options.anchor, ...(options.intermediates ?? [])];
  const chain = [leaf];
  const seen = new Set([leaf.fingerprint]);
  let current = leaf;
  while (current.fingerprint !== options.anchor.fingerprint) {
    if (chain.length >= maxDepth)
      return fail('PATH_TOO_LONG', chain.length - 1, `no anchor within ${maxDepth} certificates`);
    const issuer = findIssuer(current, candidates);
    const link = chain.length - 1;
    if (issuer === undefined)
      return fail(
        'PATH_UNKNOWN_ISSUER',
        link,
        `no certificate for issuer ${current.issuerCn ?? current.issuerDerName}`,
      );
    if (issuer === 'aki-mismatch')
      return fail(
        'PATH_AKI_MISMATCH',
        link,
        `issuer ${current.issuerCn ?? '?'} found by name but no SKI matches AKI ${current.aki ?? ''}`,
      );
    if (seen.has(issuer.fingerprint))
      return fail('PATH_UNKNOWN_ISSUER', link, 'issuer loop without reaching the anchor');
    seen.add(issuer.fingerprint);
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

function checkLinks(chain: readonly OrgCertificate[]): PathVerdict | undefined {
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    const unknown = cert.extensions.find((e) => e.critical && !UNDERSTOOD_CRITICAL_EXTENSIONS.has(e.oid));
    if (unknown)
      return fail('PATH_UNKNOWN_CRITICAL_EXTENSION', i, `critical extension ${unknown.oid} not understood`);
    const issuer = chain[i + 1];
    if (!issuer) continue;
    if (!issuer.isCa)
      return fail('PATH_ISSUER_NOT_CA', i + 1, `issuer ${issuer.subjectCn ?? '?'} is not a CA`);
    if (!(issuer.keyUsageBits ?? []).includes('keyCertSign')) {
      return fail(
        'PATH_ISSUER_NO_KEY_CERT_SIGN',
        i + 1,
        `issuer ${issuer.subjectCn ?? '?'} lacks keyCertSign`,
      );
    }
    // CA certificates below this issuer, excluding the leaf, is i.
    if (issuer.pathLen !== undefined && i > issuer.pathLen) {
      return fail(
        'PATH_LEN_EXCEEDED',
        i + 1,
        `issuer pathLen ${issuer.pathLen} but ${i} CA certificates below it`,
      );
    }
    const signed =
      cert.signatureAlgorithmOid === ECDSA_WITH_SHA256 &&
      cert.signatureAlgorithmsMatch &&
      cert.signatureP1363 !== undefined &&
      issuer.publicKey !== undefined &&
      verifyP1363(issuer.publicKey, cert.tbsDer, cert.signatureP1363);
    if (!signed)
      return fail(
        'PATH_BAD_SIGNATURE',
        i,
        `signature does not verify with the key of ${issuer.subjectCn ?? '?'}`,
      );
  }
  return undefined;
}

function checkRevocation(
  chain: readonly OrgCertificate[],
  revoked: RevocationList | undefined,
): PathVerdict | undefined {
  if (!revoked) return undefined;
  for (let i = 0; i < chain.length - 1; i++) {
    if (revoked.has(chain[i]!.certificateId))
      return fail('PATH_REVOKED', i, `certificate ${chain[i]!.certificateId} is revoked`);
  }
  return undefined;
}

function checkTime(chain: readonly OrgCertificate[], at: Date | undefined): PathVerdict | undefined {
  if (!at) return undefined;
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    if (at < cert.notBefore)
      return fail('PATH_NOT_YET_VALID', i, `not valid before ${cert.notBefore.toISOString()}`);
    if (at > cert.notAfter) return fail('PATH_EXPIRED', i, `expired at ${cert.notAfter.toISOString()}`);
  }
  return undefined;
}

/** The verdict on everything but time (chain, links, revocation): what the cache holds. */
function validateUncached(leaf: OrgCertificate, options: PathOptions, maxDepth: number): PathVerdict {
  const chain = buildChain(leaf, options, maxDepth);
  if (!Array.isArray(chain)) return chain;
  return checkLinks(chain) ?? checkRevocation(chain, options.revoked) ?? { ok: true, chain };
}

/**
 * Validates the certification path leaf -> intermediates -> anchor: issuer names and AKI/SKI,
 * every signature, CA constraints and pathLen, critical extensions, revocation and (if `at`)
 * validity of every certificate. Everything but the time is cached (a warm call is a Map lookup),
 * so a server judging signers at its own clock, a new instant each request, does not verify the
 * chain's signatures again; the validity of each certificate is checked at `at` on every call.
 * @see GBCS 4.3.2 (certification path validation), RFC 5280 section 6
 */
export function validatePath(leaf: OrgCertificate, options: PathOptions): PathVerdict {
  const verdict = chainVerdict(leaf, options);
  // the same order as a fresh validation: links and revocation first, then time
  return verdict.ok ? (checkTime(verdict.chain, options.at) ?? verdict) : verdict;
}

function chainVerdict(leaf: OrgCertificate, options: PathOptions): PathVerdict {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  // An invalid Date fails as it always has (toISOString throws RangeError).
  if (options.at && Number.isNaN(options.at.getTime())) options.at.toISOString();
  const list = options.intermediates ?? NO_INTERMEDIATES;
  // An empty list revokes nothing, exactly like no list.
  const revoked = options.revoked && options.revoked.size > 0 ? options.revoked : undefined;
  const last = lastByLeaf.get(leaf);
  if (
    last !== undefined &&
    last.anchor === options.anchor &&
    last.revoked === revoked &&
    last.maxDepth === maxDepth &&
    sameCertificates(last.intermediates, list)
  )
    return last.verdict;
  let intermediates = '';
  for (const c of list) intermediates += `${certificateKey(c)},`;
  const key = `${certificateKey(leaf)}|${certificateKey(options.anchor)}|${intermediates}|${revocationKey(revoked)}|${maxDepth}`;
  let verdict = cache.get(key);
  if (!verdict) {
    verdict = validateUncached(leaf, options, maxDepth);
    cache.set(key, verdict);
  }
  lastByLeaf.set(leaf, {
    anchor: options.anchor,
    intermediates: [...list],
    revoked,
    maxDepth,
    verdict,
  });
  return verdict;
}

const NO_INTERMEDIATES: readonly OrgCertificate[] = [];

/**
 * The last validation of each leaf object, with what it was validated against: a leaf validated
 * again against the very same anchor, intermediates, revocation list and depth (a request
 * stream re-validates the same few certificates) gets its verdict without a cache key being built.
 * Certificates and revocation lists are immutable (see `certificateKey`); weak keys: an entry
 * lives no longer than its leaf.
 */
interface LastValidation {
  readonly anchor: OrgCertificate;
  readonly intermediates: readonly OrgCertificate[];
  readonly revoked: RevocationList | undefined;
  readonly maxDepth: number;
  readonly verdict: PathVerdict;
}

let lastByLeaf = new WeakMap<OrgCertificate, LastValidation>();

function sameCertificates(a: readonly OrgCertificate[], b: readonly OrgCertificate[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Empties the path validation cache. */
export function clearPathCache(): void {
  cache.clear();
  lastByLeaf = new WeakMap();
}

/** Sets the path cache bound in entries (a positive integer; ERR_CACHE_LIMIT otherwise). */
export function setPathCacheLimit(limit: number, maxBytes?: number): void {
  cache.resize(limit, maxBytes);
}
