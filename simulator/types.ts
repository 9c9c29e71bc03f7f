import type { Eui } from '../certs';

/**
 * DCC User Roles. IS import supplier, GS gas supplier, ED electricity distributor (electricity
 * network operator), GT gas transporter (gas network operator), others for completeness.
 * @see DUIS 3.2 (User Roles)
 */
export const USER_ROLES = ['IS', 'GS', 'ED', 'GT', 'ES', 'RSA', 'OU'] as const;
/** One DCC User Role (the list, in a stable order, is `USER_ROLES`). */
export type UserRole = (typeof USER_ROLES)[number];
/** User roles that act as a supplier for registration purposes. */
export const SUPPLIER_ROLES: readonly UserRole[] = ['IS', 'GS'];
/** User roles that act as a network operator for registration purposes. */
export const NETWORK_OPERATOR_ROLES: readonly UserRole[] = ['ED', 'GT'];

/** User status in the DCC's user records; only `active` users may send requests (E3 otherwise). */
export type UserStatus = 'active' | 'suspended';

/** A DCC User: organisation with a User ID, User Roles and, for NOs, the areas it serves. */
export interface Party {
  readonly userId: Eui;
  readonly name: string;
  readonly userRoles: readonly UserRole[];
  readonly status: UserStatus;
  /** Electricity distributor IDs (MPAN digits 1-2) this ED serves. */
  readonly distributorIds: readonly number[];
}

/** Smart Metering Inventory device types handled here. */
export type DeviceType = 'ESME' | 'GSME' | 'GPF';
/** SMI status values that matter for access control. @see DUIS 3.6 (SMI Status) */
export type SmiStatus =
  'Commissioned' | 'InstalledNotCommissioned' | 'Whitelisted' | 'Decommissioned' | 'Suspended';

/** An inventory record: device ID, type, SMETS generation, SMI status and its MPxN. */
export interface InventoryDevice {
  readonly deviceId: Eui;
  readonly type: DeviceType;
  readonly smets: 1 | 2;
  readonly status: SmiStatus;
  readonly mpxn: string;
}

/** Fuel of an MPxN: electricity MPAN (13 digits) or gas MPRN. */
export type Fuel = 'electricity' | 'gas';

/** A time-ranged registration of one party in one capacity for an MPxN. */
export interface Registration {
  readonly mpxn: string;
  readonly capacity: 'supplier' | 'networkOperator';
  readonly userId: Eui;
  /** Effective from (inclusive). */
  readonly from: Date;
  /** Effective to (exclusive); undefined = open ended. */
  readonly to: Date | undefined;
}
