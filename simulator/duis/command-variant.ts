/**
 * DUIS Command Variants (the header `CommandVariant`), by meaning.
 * @see DUIS 3.4.1.2 (Command Variant values)
 */
export const CommandVariant = {
  /** 1: non-critical request; command sent to the device over the SM WAN. */
  nonCriticalToDevice: 1,
  /** 2: non-critical request; command returned to the User for local delivery. */
  nonCriticalLocalDelivery: 2,
  /** 3: non-critical request; sent over the SM WAN and a copy returned for local delivery. */
  nonCriticalToDeviceAndLocal: 3,
  /** 4: Transform a critical request; the DCC returns a Pre-Command for the User to sign. */
  transformCritical: 4,
  /** 5: Signed Pre-Command; the command is sent to the device over the SM WAN. */
  signedPreCommandToDevice: 5,
  /** 6: Signed Pre-Command; the command is returned to the User for local delivery. */
  signedPreCommandLocalDelivery: 6,
  /** 7: Signed Pre-Command; sent over the SM WAN and a copy returned for local delivery. */
  signedPreCommandToDeviceAndLocal: 7,
  /** 8: a non-device service request answered by the DCC itself. */
  nonDeviceService: 8,
} as const;

/** A Command Variant number 1..8. */
export type CommandVariantNumber = (typeof CommandVariant)[keyof typeof CommandVariant];

/** True for the variants whose body is a `SignedPreCommand` (5, 6, 7). */
export function carriesSignedPreCommand(cv: number): boolean {
  return cv === 5 || cv === 6 || cv === 7;
}
