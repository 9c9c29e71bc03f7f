import fc from 'fast-check';
import {
  emitDuisRequest,
  emitDuisResponse,
  formatRequestId,
  parseDuisRequest,
  parseDuisResponse,
  parseRequestId,
} from '../../../simulator/duis';
import { duisRequestArb, duisResponseArb, requestIdArb } from './duis-arbitraries';

describe('DUIS codecs round-trip', () => {
  it('parseRequestId(formatRequestId(id)) = id', () => {
    fc.assert(fc.property(requestIdArb, (id) => expect(parseRequestId(formatRequestId(id))).toEqual(id)));
  });

  it('parseDuisRequest(emitDuisRequest(r)) = r and emission is stable', () => {
    fc.assert(
      fc.property(duisRequestArb, (r) => {
        const xml = emitDuisRequest(r);
        const back = parseDuisRequest(xml);
        expect(back).toEqual(r);
        expect(emitDuisRequest(back)).toBe(xml);
      }),
    );
  });

  it('parseDuisResponse(emitDuisResponse(r)) = r', () => {
    fc.assert(fc.property(duisResponseArb, (r) => expect(parseDuisResponse(emitDuisResponse(r))).toEqual(r)));
  });
});
