/** Output writing that loses nothing: atomic files, whole-folder sets, locks, the overwrite rule. */
export {
  writeFileAtomic,
  writeFileSet,
  recoverOutput,
  fsyncFolder,
  processAlive,
  type OutputFile,
} from './atomic';
export { lockOutput, lockPathOf, type OutputLock } from './lock';
export { assertRealFolder, nearestExisting } from './pseudo-fs';
export {
  OUTPUT_KINDS,
  checkReplace,
  checkSet,
  entriesKept,
  writeOutput,
  writeOutputSet,
  type KindedFile,
  type OutputKind,
  type WriteOptions,
} from './outputs';
export { IoError, type IoErrorCode } from './errors';
