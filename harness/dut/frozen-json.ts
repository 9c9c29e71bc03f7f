/**
 * Parsed JSON values frozen all the way down, and known to be so: a consumer may then keep work
 * derived from such a value (keyed by its identity) for as long as the value lives, since nothing
 * can change it. `Object.isFrozen` alone says nothing about the children, hence the registry.
 */
const deeplyFrozen = new WeakSet<object>();

/** Freezes `value` and every object and array inside it, and records each as deeply frozen; returns `value`. */
export function freezeJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null || deeplyFrozen.has(value)) return value;
  for (const child of Object.values(value)) freezeJson(child);
  Object.freeze(value);
  deeplyFrozen.add(value);
  return value;
}

/** True when `value` went through freezeJson (so it and everything inside it are frozen). */
export function isFrozenJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && deeplyFrozen.has(value);
}
