import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gbcsKeystoreFromFiles, type GbcsKeystore, type KeystoreFile } from '../../simulator/gbcs';
import { CapturesError } from './errors';

/** The largest keystore file read (a PEM key or certificate is a few hundred bytes). */
const MAX_KEYSTORE_FILE_BYTES = 64 * 1024;

/**
 * Reads a keystore folder laid out as the DCC's open test keystores: `<16 hex EUI>-ds.pem` and
 * `-ka.pem` (certificates, or public-key PEMs), `-ds.key` and `-ka.key` (private keys); other files
 * are ignored. The result is what verifyGbcs takes. Errors: ERR_CAPTURES_FILE (an unreadable folder
 * or file), ERR_GBCS_KEYSTORE (a file that is not an EC P-256 key or certificate, named).
 */
export function readGbcsKeystore(dir: string): GbcsKeystore {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(pem|key)$/i.test(n));
  } catch (cause) {
    throw new CapturesError('ERR_CAPTURES_FILE', `cannot list keystore ${dir}`, { cause });
  }
  const files: KeystoreFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (!st.isFile()) continue;
      if (st.size > MAX_KEYSTORE_FILE_BYTES)
        throw new CapturesError('ERR_CAPTURES_FILE', `keystore file ${name} is larger than 64 KiB`);
      files.push({ name, text: readFileSync(path, 'utf8') });
    } catch (cause) {
      if (cause instanceof CapturesError) throw cause;
      throw new CapturesError('ERR_CAPTURES_FILE', `cannot read keystore file ${name}`, { cause });
    }
  }
  return gbcsKeystoreFromFiles(files).keystore;
}
