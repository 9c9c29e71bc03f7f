import {
  clearDecodeCache,
  decodeCacheStats,
  decodeCertificate,
  DEFAULT_DECODE_CACHE_BYTES,
  DEFAULT_DECODE_CACHE_LIMIT,
  setDecodeCacheLimit,
} from '../../../certs';
import { reissue } from '../../../bench/flood';
import { signerFromPrivateKeyPem } from '../../../certs';
import { party, pki } from '../../support/reference-dcc';

describe('the certificate decode cache is bounded', () => {
  afterEach(() => {
    setDecodeCacheLimit(DEFAULT_DECODE_CACHE_LIMIT, DEFAULT_DECODE_CACHE_BYTES);
    clearDecodeCache();
  });

  it('holds at most the entry bound of distinct certificates, and decodes evicted ones again', () => {
    const ca = signerFromPrivateKeyPem(pki().ca.signer.exportPrivateKeyPem());
    setDecodeCacheLimit(5);
    clearDecodeCache();
    const certs = Array.from({ length: 12 }, () => reissue(party('NO-A').ds.certificate.der, ca));
    expect(new Set(certs.map((c) => c.fingerprint)).size).toBe(12);
    expect(decodeCacheStats().size).toBe(5);
    const again = decodeCertificate(certs[0]!.der);
    expect(again.fingerprint).toBe(certs[0]!.fingerprint);
    expect(again).not.toBe(certs[0]); // evicted, decoded anew
    expect(decodeCertificate(certs[11]!.der)).toBe(certs[11]); // recent: a cache hit
  });

  it('holds at most the byte bound, whatever the certificates weigh', () => {
    const ca = signerFromPrivateKeyPem(pki().ca.signer.exportPrivateKeyPem());
    setDecodeCacheLimit(1000, 2_000_000);
    clearDecodeCache();
    for (let i = 0; i < 20; i++) reissue(party('NO-A').ds.certificate.der, ca, 20_000);
    const stats = decodeCacheStats();
    expect(stats.bytes).toBeLessThanOrEqual(2_000_000);
    expect(stats.size).toBeLessThan(20);
    expect(stats.size).toBeGreaterThan(0);
  });

  it('has documented defaults', () => {
    expect(decodeCacheStats()).toMatchObject({
      limit: DEFAULT_DECODE_CACHE_LIMIT,
      maxBytes: DEFAULT_DECODE_CACHE_BYTES,
    });
  });
});
