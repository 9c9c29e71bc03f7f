import fc from 'fast-check';
import {
  decodeGeneralSigning,
  decodeUpdateSecurityCredentials,
  decodeUscResponse,
  encodeGeneralSigning,
  encodeUpdateSecurityCredentials,
  encodeUscResponse,
} from '../../../simulator/gbcs';
import { apduArb, uscArb, uscResponseArb } from './gbcs-arbitraries';

describe('GBCS codecs round-trip', () => {
  it('decode(encode(apdu)) = apdu and encode(decode(bytes)) = bytes', () => {
    fc.assert(
      fc.property(apduArb, (apdu) => {
        const bytes = encodeGeneralSigning(apdu);
        const { signedBytes, form, ...back } = decodeGeneralSigning(bytes);
        expect(back).toEqual(apdu);
        expect(form).toBe(apdu.signature ? 'signed' : 'pre-command');
        expect(signedBytes).toEqual(bytes.subarray(1, bytes.length - (apdu.signature ? 65 : 0)));
        expect(encodeGeneralSigning(back)).toEqual(bytes);
      }),
    );
  });

  it('decode(encode(usc)) = usc and encode(decode(der)) = der', () => {
    fc.assert(
      fc.property(uscArb, (usc) => {
        const der = encodeUpdateSecurityCredentials(usc);
        const back = decodeUpdateSecurityCredentials(der);
        expect(back).toEqual(usc);
        expect(encodeUpdateSecurityCredentials(back)).toEqual(der);
      }),
    );
  });

  it('decode(encode(response)) = response and encode(decode(der)) = der', () => {
    fc.assert(
      fc.property(uscResponseArb, (r) => {
        const der = encodeUscResponse(r);
        const back = decodeUscResponse(der);
        expect(back).toEqual(r);
        expect(encodeUscResponse(back)).toEqual(der);
      }),
    );
  });
});
