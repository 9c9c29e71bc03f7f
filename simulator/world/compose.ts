import { formatEuiHyphenated, RemotePartyRole, type TestParty, type TestPki } from '../../certs';
import { SimulatorError } from '../errors';
import type { DeviceType, SmiStatus } from '../types';
import type { WorldSpec } from './schema';

/** A meter in a composed world; cell owners are party names of the PKI. */
export interface MeterLayout {
  readonly deviceId: string;
  readonly mpxn: string;
  readonly type?: DeviceType;
  readonly smets?: 1 | 2;
  readonly status?: SmiStatus;
  /** Registered supplier (party name). */
  readonly supplier: string;
  /** Registered NO (party name); for electricity defaults to the ED serving the MPAN's area. */
  readonly networkOperator?: string;
  /** Owners of the NO DS and KA cells (party names); a name for both, or one each. */
  readonly noCells: string | { readonly ds: string; readonly ka: string };
  /** Owner of the supplier DS/KA cells (party name); defaults to the registered supplier. */
  readonly supplierCells?: string;
  /** Trust-anchor cells left empty (no certificate), e.g. a meter never given its NO's DS. */
  readonly emptyCells?: readonly ('noDs' | 'noKa' | 'supplierDs' | 'supplierKa')[];
}

/** A compact description of a world over a test PKI. */
export interface WorldLayout {
  readonly pki: TestPki;
  /** Registrations take effect from here. */
  readonly from: Date;
  readonly networkOperators: readonly {
    readonly name: string;
    readonly distributorIds?: readonly number[];
    readonly gas?: boolean;
    readonly status?: 'active' | 'suspended';
  }[];
  readonly suppliers: readonly {
    readonly name: string;
    readonly userRoles?: readonly ('IS' | 'GS')[];
    readonly status?: 'active' | 'suspended';
  }[];
  readonly meters: readonly MeterLayout[];
  readonly revoked?: readonly string[];
  readonly settings?: WorldSpec['settings'];
}

const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');

const kaPemMemo = new WeakMap<TestParty, string>();

/** The ACB party's KA private key as PEM (exported once per PKI party). */
function acbKaPem(acb: TestParty): string {
  let pem = kaPemMemo.get(acb);
  if (pem === undefined) kaPemMemo.set(acb, (pem = acb.ka.signer.exportPrivateKeyPem()));
  return pem;
}

/** Composes a world file from a test PKI and a compact layout (party names resolve to PKI parties). */
export function composeWorld(layout: WorldLayout): WorldSpec {
  const byName = new Map<string, TestParty>(layout.pki.parties.map((p) => [p.name, p]));
  const party = (name: string, where: string): TestParty => {
    const p = byName.get(name);
    if (!p)
      throw new SimulatorError('ERR_WORLD_REFERENCE', `${where}: no PKI party named ${JSON.stringify(name)}`);
    return p;
  };
  const acb = layout.pki.parties.find((p) => p.role === RemotePartyRole.accessControlBroker);
  if (!acb) throw new SimulatorError('ERR_WORLD_REFERENCE', 'the PKI has no ACB party (role 4)');
  const parties: WorldSpec['parties'] = [
    ...layout.networkOperators.map((n, i) => ({
      userId: formatEuiHyphenated(party(n.name, `/networkOperators/${i}`).eui),
      name: n.name,
      userRoles: [n.gas ? 'GT' : 'ED'],
      ...(n.distributorIds ? { distributorIds: [...n.distributorIds] } : {}),
      ...(n.status ? { status: n.status } : {}),
    })),
    ...layout.suppliers.map((s, i) => ({
      userId: formatEuiHyphenated(party(s.name, `/suppliers/${i}`).eui),
      name: s.name,
      userRoles: [...(s.userRoles ?? ['IS', 'GS'])],
      ...(s.status ? { status: s.status } : {}),
    })),
  ];
  const devices: WorldSpec['devices'] = layout.meters.map((m, i) => {
    const where = `/meters/${i}`;
    const no = typeof m.noCells === 'string' ? { ds: m.noCells, ka: m.noCells } : m.noCells;
    const sup = party(m.supplierCells ?? m.supplier, `${where}/supplierCells`);
    return {
      deviceId: m.deviceId,
      type: m.type ?? (m.mpxn.length === 13 ? 'ESME' : 'GSME'),
      smets: m.smets ?? 1,
      status: m.status ?? 'Commissioned',
      mpxn: m.mpxn,
      cells: (
        [
          [
            'noDs',
            {
              role: 3,
              keyUsage: 'DS',
              certificate: b64(party(no.ds, `${where}/noCells/ds`).ds.certificate.der),
            },
          ],
          [
            'noKa',
            {
              role: 3,
              keyUsage: 'KA',
              certificate: b64(party(no.ka, `${where}/noCells/ka`).ka.certificate.der),
            },
          ],
          ['supplierDs', { role: 2, keyUsage: 'DS', certificate: b64(sup.ds.certificate.der) }],
          ['supplierKa', { role: 2, keyUsage: 'KA', certificate: b64(sup.ka.certificate.der) }],
          ['acb', { role: 4, keyUsage: 'DS', certificate: b64(acb.ds.certificate.der) }],
        ] as const
      )
        .filter(([name]) => name === 'acb' || !(m.emptyCells ?? []).includes(name))
        .map(([, cell]) => cell),
    };
  });
  const registrations: WorldSpec['registrations'] = layout.meters.map((m, i) => ({
    mpxn: m.mpxn,
    supplier: formatEuiHyphenated(party(m.supplier, `/meters/${i}/supplier`).eui),
    ...(m.networkOperator
      ? { networkOperator: formatEuiHyphenated(party(m.networkOperator, `/meters/${i}/networkOperator`).eui) }
      : {}),
    from: layout.from.toISOString(),
  }));
  return {
    ...(layout.settings ? { settings: layout.settings } : {}),
    trustAnchor: b64(layout.pki.root.certificate.der),
    acb: formatEuiHyphenated(acb.eui),
    acbKeyAgreement: {
      certificate: b64(acb.ka.certificate.der),
      privateKey: acbKaPem(acb),
    },
    revoked: [...(layout.revoked ?? [])],
    parties,
    registrations,
    devices: [...new Map(devices.map((d) => [d.deviceId, d])).values()],
  };
}
