import type { Eui, KeyAgreementKey, OrgCertificate, RevocationList } from '../../certs';
import type { RegistrationData } from '../registry/registration';
import type { InventoryDevice, Party } from '../types';

/** Switchable assumptions of the simulator (docs/domain.md: every assumption is a named setting). */
export interface WorldSettings {
  /** Validate MPAN check digits (DCC test data fails them). */
  readonly checkMpanDigit: boolean;
  /**
   * When a 6.15.1 replaces the authorising role's DS certificate with another owner's, reset that
   * role's counter to the new floor (GBCS change-of-control). (assumption)
   */
  readonly resetCounterOnChangeOfControl: boolean;
  /**
   * The DCC wraps what it sends to a SMETS2 device in General-Ciphering (and the device answers
   * wrapped) under every policy, as a real DCC does for SMETS2 devices (GBCS 4.3.3.3, 4.3.3.4);
   * off: only under a policy whose devices check authority (the `smets2` preset). On in DCC Boxed's
   * stock world (docs/dcc-boxed.md).
   */
  readonly smets2GeneralCiphering: boolean;
}

/** Defaults for WorldSettings. */
export const DEFAULT_SETTINGS: WorldSettings = {
  checkMpanDigit: true,
  resetCounterOnChangeOfControl: true,
  smets2GeneralCiphering: false,
};

/** Everything the DCC's validation reads besides the device state: users, inventory, RDP, PKI. */
export interface World {
  readonly parties: ReadonlyMap<Eui, Party>;
  readonly inventory: ReadonlyMap<Eui, InventoryDevice>;
  readonly registrations: RegistrationData;
  /** The trust anchor replacement certificates must chain to (a root, or an organisation CA). */
  readonly trustAnchor: OrgCertificate;
  readonly revoked: RevocationList;
  /** The DCC's Access Control Broker identity (signs 6.21 handovers). */
  readonly acb: Eui;
  /**
   * The ACB's key-agreement certificate and (for the reference DCC) its private key: the General-Ciphering
   * MAC of commands sent to SMETS2 devices is agreed between it and the device's KA key.
   * @see docs/gbcs-bytes.md (General-Ciphering)
   */
  readonly acbKeyAgreement?: AcbKeyAgreement;
  readonly settings: WorldSettings;
}

/** The ACB's key-agreement credentials as a world carries them. */
export interface AcbKeyAgreement {
  readonly certificate: OrgCertificate;
  /** The private half (absent when the world file gave only the certificate: then nothing is wrapped). */
  readonly key?: KeyAgreementKey;
  /** The private key as the world file gave it (PKCS#8 or SEC1 PEM), written back by worldToSpec. */
  readonly privateKeyPem?: string;
}
