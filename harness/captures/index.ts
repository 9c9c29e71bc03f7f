/** GBCS captures: folders of GBCS files decoded or verified in one pass, keystore folders. */
export {
  scanGbcsCorpus,
  corpusSummaryLine,
  corpusFiles,
  gbcsBytesOf,
  decodeLine,
  verifyLine,
  MAX_GBCS_FILE_BYTES,
  type CorpusOptions,
  type CorpusSummary,
} from './corpus';
export { readGbcsKeystore } from './keystore';
export { CapturesError, type CapturesErrorCode } from './errors';
