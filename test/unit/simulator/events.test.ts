import type { DccEvent } from '../../../simulator';
import { M1, noKrp, party, referenceDcc } from '../../support/reference-dcc';

describe('typed DCC events', () => {
  it('reports received, refused, accepted and cells:replaced in order', () => {
    const dcc = referenceDcc('corrective');
    const events: DccEvent[] = [];
    const off = dcc.on((e) => events.push(e));
    dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 5n) }, party('NO-A').ds.signer);
    dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 6n) }, party('NO-B').ds.signer);
    off();
    dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 7n) }, party('NO-A').ds.signer);
    expect(events.map((e) => e.type)).toEqual([
      'request:received',
      'request:accepted', // NO-A transform passes stages 1-4
      'request:received',
      'request:refused', // NO-A send refused at authority
      'request:received',
      'request:accepted',
      'request:received',
      'request:accepted',
      'cells:replaced',
    ]);
    const replaced = events.at(-1) as Extract<DccEvent, { type: 'cells:replaced' }>;
    expect(replaced.outcomes.map((o) => [o.previousOwner, o.newOwner])).toEqual([
      [party('NO-B').eui, party('NO-A').eui],
      [party('NO-B').eui, party('NO-A').eui],
    ]);
    expect(dcc.audit().map((a) => a.code)).toEqual(['I0', 'AUTHORITY_SIGNATURE', 'I0', 'I0', 'I0', 'I0']);
  });
});
