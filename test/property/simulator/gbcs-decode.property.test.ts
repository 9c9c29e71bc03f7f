import fc from 'fast-check';
import {
  decodeCs02bAlert,
  decodeCs02bResponse,
  decodeGbcs,
  encodeGeneralSigning,
  encodeUpdateSecurityCredentials,
  encodeUscResponse,
  GbcsError,
  verifyGbcs,
} from '../../../simulator/gbcs';
import { formsKeystore, gbcsForms } from '../../support/gbcs-forms';
import { apduArb, uscArb, uscResponseArb } from './gbcs-arbitraries';

const forms = gbcsForms();
const keystore = formsKeystore();

/** 'ok' or the GbcsError code; any other exception fails the property. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (err) {
    if (err instanceof GbcsError && err.code.startsWith('ERR_GBCS_')) return err.code;
    throw err;
  }
}

describe('decodeGbcs and verifyGbcs on hostile input', () => {
  it('random bytes, and random bytes behind a DD or DF header, give a value or a coded GbcsError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(new Uint8Array(), Uint8Array.of(0xdd, 0, 0, 0, 0, 0, 0), Uint8Array.of(0xdf, 0x09)),
        fc.uint8Array({ maxLength: 300 }),
        (head, tail) => {
          const bytes = Uint8Array.from([...head, ...tail]);
          outcome(() => decodeGbcs(bytes));
          outcome(() => verifyGbcs(bytes, keystore));
          outcome(() => decodeCs02bResponse(bytes));
          outcome(() => decodeCs02bAlert(bytes));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('edits to every RTDS-like form never crash; a readable header survives any content edit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...forms),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (form, edits) => {
          const copy = form.bytes.slice();
          for (const [at, v] of edits) copy[at % copy.length] = v;
          let d;
          try {
            d = decodeGbcs(copy);
          } catch (err) {
            if (err instanceof GbcsError) return;
            throw err;
          }
          // whatever the content became, the result says so: decoded, bytes, or a payload error
          if (d.payloadError) expect(d.findings.map((f) => f.code)).toContain('PAYLOAD_UNDECODED');
          const v = verifyGbcs(d, keystore);
          expect(['valid', 'invalid', 'no-key', 'unsigned']).toContain(v.signature.status);
          expect(['valid', 'invalid', 'no-key', 'absent']).toContain(v.mac.status);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any General-Signing APDU keeps its header; CS02b contents decode in full under their codes', () => {
    const cs02bMode = fc.integer({ min: 0, max: 9 });
    fc.assert(
      fc.property(
        apduArb,
        fc.oneof(
          fc
            .tuple(uscArb, cs02bMode)
            .map(([u, mode]) => ({ kind: 'cs02b-command' as const, usc: { ...u, mode } })),
          fc
            .tuple(uscResponseArb, cs02bMode)
            .map(([r, mode]) => ({ kind: 'cs02b-response' as const, r: { ...r, mode } })),
          fc.uint8Array({ maxLength: 200 }).map((content) => ({ kind: 'bytes' as const, content })),
        ),
        (apdu, c) => {
          const [cra, code, content] =
            c.kind === 'cs02b-command'
              ? ([
                  1,
                  0x0100 + c.usc.mode,
                  encodeUpdateSecurityCredentials({ ...c.usc, authorisingSeqNumber: apdu.originatorCounter }),
                ] as const)
              : c.kind === 'cs02b-response'
                ? ([2, 0x0100 + c.r.mode, encodeUscResponse(c.r)] as const)
                : ([2, 0x010b, c.content] as const);
          const d = decodeGbcs(encodeGeneralSigning({ ...apdu, craFlag: cra, messageCode: code, content }));
          expect([d.originator, d.recipient, d.counter, d.messageCode, d.cra]).toEqual([
            apdu.originator,
            apdu.recipient,
            apdu.originatorCounter,
            code,
            cra === 1 ? 'command' : 'response',
          ]);
          expect(d.payloadError).toBeUndefined();
          expect(d.content.kind).toBe(c.kind);
          if (c.kind === 'bytes') expect(d.useCase?.id).toBe('DBCH02');
          else expect(d.useCase?.id).toBe('CS02b');
        },
      ),
      { numRuns: 200 },
    );
  });
});
