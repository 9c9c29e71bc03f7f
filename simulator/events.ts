import type { Eui } from '../certs';
import type { Srv } from './duis';
import type { Acceptance, CellOutcome, Refusal } from './pipeline/verdict';

/** Typed events the DCC emits; reports and logs subscribe instead of parsing output (docs/architecture.md, The step). */
export type DccEvent =
  | {
      readonly type: 'request:received';
      readonly key: string;
      readonly srv: Srv;
      readonly commandVariant: number;
      readonly at: Date;
    }
  | { readonly type: 'request:refused'; readonly key: string; readonly verdict: Refusal; readonly at: Date }
  | {
      readonly type: 'request:accepted';
      readonly key: string;
      readonly verdict: Acceptance;
      readonly at: Date;
    }
  | {
      readonly type: 'cells:replaced';
      readonly deviceId: Eui;
      readonly outcomes: readonly CellOutcome[];
      readonly at: Date;
    }
  | {
      /** A device alert (GBCS CRA flag 3), e.g. a SMETS2 device's 0x8F70 after a credentials update. */
      readonly type: 'device:alert';
      readonly deviceId: Eui;
      readonly alertCode: number;
      /** The signed GBCS alert APDU (docs/gbcs-bytes.md, Alerts). */
      readonly alert: Uint8Array;
      readonly at: Date;
    };

/** A subscriber to DCC events. */
export type DccListener = (event: DccEvent) => void;
