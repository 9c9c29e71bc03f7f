import type { Srv } from '../duis';
import type { DeviceType, SmiStatus, UserRole } from '../types';

/** What the DCC knows about one Service Request Variant for access control. @see DUIS 3.8 (Service Request matrix) */
export interface SrvSpec {
  readonly srv: Srv;
  readonly name: string;
  /** Critical: the user signs a GBCS pre-command (CV 4 then CV 5). */
  readonly critical: boolean;
  readonly eligibleRoles: readonly UserRole[];
  readonly deviceTypes: readonly DeviceType[];
  readonly commandVariants: readonly number[];
  readonly deviceStatuses: readonly SmiStatus[];
  /** The GBCS use case the DCC builds for it. */
  readonly gbcsUseCase: string;
  /** It places certificates in the device's cells (what a policy's placement check may restrict). */
  readonly placesCredentials: boolean;
}

const LIVE: readonly SmiStatus[] = ['Commissioned', 'InstalledNotCommissioned'];

/** The SRVs modelled, listed explicitly (one entry per SRV; docs/architecture.md, where to add an SRV). */
export const SRV_REGISTRY: ReadonlyMap<Srv, SrvSpec> = new Map<Srv, SrvSpec>([
  [
    '6.15.1',
    {
      srv: '6.15.1',
      name: 'Update Security Credentials (KRP)',
      critical: true,
      eligibleRoles: ['IS', 'GS', 'ED', 'GT'],
      deviceTypes: ['ESME', 'GSME'],
      commandVariants: [4, 5],
      deviceStatuses: LIVE,
      gbcsUseCase: 'CS02b',
      placesCredentials: true,
    },
  ],
  [
    '6.21',
    {
      srv: '6.21',
      name: 'Request Handover of DCC Controlled Device',
      critical: false,
      eligibleRoles: ['IS', 'GS'],
      deviceTypes: ['ESME', 'GSME'],
      commandVariants: [1],
      deviceStatuses: LIVE,
      gbcsUseCase: 'CS02b (ACB)',
      placesCredentials: true,
    },
  ],
  [
    '6.24.1',
    {
      srv: '6.24.1',
      name: 'Retrieve Device Security Credentials (KRP)',
      critical: false,
      eligibleRoles: ['IS', 'GS', 'ED', 'GT'],
      deviceTypes: ['ESME', 'GSME', 'GPF'],
      commandVariants: [1],
      deviceStatuses: LIVE,
      gbcsUseCase: 'CS02a',
      placesCredentials: false,
    },
  ],
  [
    '7.1',
    {
      srv: '7.1',
      name: 'Enable Supply',
      critical: true,
      eligibleRoles: ['IS'],
      deviceTypes: ['ESME'],
      commandVariants: [4, 5],
      deviceStatuses: LIVE,
      gbcsUseCase: 'ECS42',
      placesCredentials: false,
    },
  ],
  [
    '7.2',
    {
      srv: '7.2',
      name: 'Disable Supply',
      critical: true,
      eligibleRoles: ['IS', 'GS'],
      deviceTypes: ['ESME', 'GSME'],
      commandVariants: [4, 5],
      deviceStatuses: LIVE,
      gbcsUseCase: 'ECS43 / GCS32',
      placesCredentials: false,
    },
  ],
]);

/** The Critical SRVs (CV 4 Transform then CV 5 Send), derived from the registry. */
export const CRITICAL_SRVS: readonly Srv[] = [...SRV_REGISTRY.values()]
  .filter((s) => s.critical)
  .map((s) => s.srv);

/** The modelled SRVs, in registry order (what a scenario's request may name). */
export const MODELLED_SRVS: readonly Srv[] = [...SRV_REGISTRY.keys()];

/** The SRVs that place certificates (6.15.1, 6.21): what a placement check may name. */
export const PLACEMENT_SRVS: readonly Srv[] = [...SRV_REGISTRY.values()]
  .filter((s) => s.placesCredentials)
  .map((s) => s.srv);

/** True when `srv` is a modelled Critical SRV. */
export function isCriticalSrv(srv: Srv): boolean {
  return SRV_REGISTRY.get(srv)?.critical === true;
}
