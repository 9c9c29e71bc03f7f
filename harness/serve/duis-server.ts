import type { Eui } from '../../certs';
import type { Dcc } from '../../simulator';
import { createDeliveryQueue, type DeliveryOptions, type DeliveryQueue } from './duis-delivery';
import {
  createDuisRoutes,
  DUIS_SERVICE_PATHS,
  referenceDuisKeys,
  type DuisRouteOptions,
  type DuisSigningKeys,
} from './duis-routes';
import { createReferenceHttpServer, type ReferenceHttpServerOptions } from './http-reference';
import type { DutHttpServer } from './http-server';
import type { DeviceUnderTest } from '../dut/port';

/** Options of createDuisReferenceServer: the reference server's, plus the receiver and keys. */
export interface DuisReferenceServerOptions extends Omit<ReferenceHttpServerOptions, 'extraRoute'> {
  /** The user's Receive Response Service URL for asynchronous answers. */
  readonly receiver?: string;
  readonly delivery?: Omit<DeliveryOptions, 'receiver'>;
  /** Default: the reference DCC's deterministic XML-signing keys. */
  readonly keys?: DuisSigningKeys;
  /** The server's clock for signer validity (default: the real time); see DuisRouteOptions.clock. */
  readonly clock?: () => Date;
  /** Judge signer validity at the client's X-Request-Time (`serve --trust-request-time`; off by default). */
  readonly trustRequestTime?: boolean;
  /** A stock world served on the default session (`serve --world zaz1`); see DuisRouteOptions.stockWorld. */
  readonly stockWorld?: DuisRouteOptions['stockWorld'];
}

/** A running DUIS reference server and its delivery queue. */
export interface DuisReferenceServer extends DutHttpServer {
  readonly delivery: DeliveryQueue;
  readonly keys: DuisSigningKeys;
}

function dccOf(dut: DeviceUnderTest): Dcc | undefined {
  const holder = dut as DeviceUnderTest & { dcc?: () => Dcc };
  try {
    return holder.dcc?.();
  } catch {
    return undefined;
  }
}

/**
 * The reference simulator behind the DCC Boxed interface (`smets1 serve --interface duis`): the
 * three DUIS endpoints in front of the JSON contract, which stays for provisioning, inspection and
 * reset (docs/dcc-boxed.md).
 */
export function createDuisReferenceServer(options: DuisReferenceServerOptions = {}): DuisReferenceServer {
  const keys = options.keys ?? referenceDuisKeys();
  const delivery = createDeliveryQueue({
    ...options.delivery,
    ...(options.receiver ? { receiver: options.receiver } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const routes = createDuisRoutes({
    keys,
    delivery,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.trustRequestTime ? { trustRequestTime: true } : {}),
    ...(options.stockWorld ? { stockWorld: options.stockWorld } : {}),
    isSmets1: (dut: DeviceUnderTest, device: Eui) => dccOf(dut)?.world().inventory.get(device)?.smets !== 2,
    worldTrust: (dut: DeviceUnderTest) => {
      const world = dccOf(dut)?.world();
      return world ? { anchor: world.trustAnchor, revoked: world.revoked } : {};
    },
  });
  const server = createReferenceHttpServer({
    ...options,
    extraRoute: routes,
    publicPaths: [...DUIS_SERVICE_PATHS, ...(options.publicPaths ?? [])],
  });
  return {
    ...server,
    delivery,
    keys,
    close: async (graceMs?: number) => {
      await server.close(graceMs);
      await delivery.drain();
    },
  };
}
