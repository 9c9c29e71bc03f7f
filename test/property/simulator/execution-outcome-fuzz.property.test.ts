/** The ra:ExecutionOutcome reader on hostile input: a value or a coded DuisError, never a crash. */
import fc from 'fast-check';
import { parseEui } from '../../../certs/eui';
import { issueXmlSigningPair } from '../../../certs/xml-signing';
import { DuisError } from '../../../simulator/duis';
import {
  emitSmets1SignedResponse,
  readSmets1ExecutionOutcome,
} from '../../../simulator/duis/smets1-response';
import { pki } from '../../support/reference-dcc';

const s1sp = issueXmlSigningPair(pki(), parseEui('90B3D51F30000005'), 137);
const cell = fc.record({
  role: fc.constantFrom(0, 1, 2, 3, 4, 5, 8),
  keyUsage: fc.constantFrom('DS' as const, 'KA' as const),
  cellUsage: fc.constantFrom('management' as const, 'prePaymentTopUp' as const),
});
const eui = fc
  .bigInt({ min: 0n, max: (1n << 64n) - 1n })
  .map((n) => parseEui(n.toString(16).padStart(16, '0')));
const executionArb = fc.record({
  authorisingCounter: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  mode: fc.constantFrom(2, 3, 4, 7, 11),
  seqNumberChange: fc.record({
    role: fc.constantFrom(2, 3, 4),
    floor: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  }),
  outcomes: fc.array(
    fc.record(
      { cell, status: fc.nat({ max: 127 }), existing: eui, replacing: eui },
      { requiredKeys: ['cell', 'status'] },
    ),
    { maxLength: 3 },
  ),
});

function outcome(xml: string): string {
  try {
    readSmets1ExecutionOutcome(xml);
    return 'ok';
  } catch (err) {
    if (err instanceof DuisError) return err.code;
    throw err;
  }
}

describe('readSmets1ExecutionOutcome', () => {
  it('round-trips what the emitter writes', () => {
    fc.assert(
      fc.property(executionArb, (e) => {
        const xml = emitSmets1SignedResponse(
          {
            device: parseEui('00DB1234567890A0'),
            user: parseEui('90B3D51F30020000'),
            counter: 1n,
            srv: '6.15.1',
            success: true,
            execution: e,
          },
          s1sp,
        );
        const cellOf = (k: 'DS' | 'KA', u: string) => (k === 'DS' ? 'management' : u);
        const expected = {
          ...e,
          outcomes: e.outcomes.map((o) => ({
            ...o,
            cell: { ...o.cell, cellUsage: cellOf(o.cell.keyUsage, o.cell.cellUsage) },
          })),
        };
        expect(readSmets1ExecutionOutcome(xml)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('mutated and truncated answers give a value or a coded DuisError', () => {
    const base = emitSmets1SignedResponse(
      {
        device: parseEui('00DB1234567890A0'),
        user: parseEui('90B3D51F30020000'),
        counter: 1n,
        srv: '6.15.1',
        success: true,
        execution: {
          authorisingCounter: 1n,
          mode: 3,
          outcomes: [{ cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' }, status: 0 }],
        },
      },
      s1sp,
    );
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat({ max: 30 }),
        fc.constantFrom(
          '<',
          '>',
          '</ra:ExecutionOutcome>',
          '<ra:ReplacementOutcome>',
          '&',
          '99999999999999999999999',
          'x',
        ),
        (at, del, ins) => {
          const i = at % (base.length + 1);
          outcome(base.slice(0, i) + ins + base.slice(i + del));
          outcome(base.slice(0, i));
        },
      ),
      { numRuns: 300 },
    );
  });
});
