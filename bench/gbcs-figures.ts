import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveKeyAgreementKey } from '../certs';
import { scanGbcsCorpus } from '../harness/captures';
import { referencePki } from '../simulator';
import {
  buildAlertApdu,
  buildCs02bCommand,
  CredentialsReplacementMode,
  encodeGbcsDateTime,
  encodeGeneralSigning,
  encodeUscResponse,
  signKrp,
  wrapGeneralCiphering,
} from '../simulator/gbcs';
import { median } from './measure';
import { BENCH_M2, fastSigner } from './workloads';

/** The size of the corpus the decode figure reads: about that of the DCC's RTDS 4.5.0 GBCS files. */
export const CORPUS_FILES = 1275;

/** Corpus decode in one process, as `smets1 gbcs decode DIR` runs it (scanGbcsCorpus: files read, decoded, one line each). */
export interface GbcsCorpusFigure {
  readonly files: number;
  /** Median wall-clock files/s over the rounds. */
  readonly filesPerSecond: number;
  readonly rounds: readonly number[];
}

/**
 * Writes a corpus of CORPUS_FILES hex files in RTDS's shape (hex text in 64-character lines, in a
 * few folders) cycling over the forms a device exchange holds: a General-Ciphering wrapped signed
 * CS02b command, its pre-command, the device's wrapped signed response, a wrapped DLMS alert and a
 * DBCH02-style command; then reads it with the corpus runner `rounds` times.
 */
export function measureGbcsCorpus(rounds = 5): GbcsCorpusFigure {
  const pki = referencePki('bench');
  const nob = pki.parties.find((p) => p.name === 'NO-B')!;
  const signer = fastSigner(pki.seed, nob);
  const acbKa = deriveKeyAgreementKey('bench', 'ACB/KA');
  const deviceKa = deriveKeyAgreementKey('bench', 'device/KA');
  const forms = (i: number): Uint8Array => {
    const counter = 1000n + BigInt(i);
    const command = buildCs02bCommand({
      originator: nob.eui,
      recipient: BENCH_M2,
      counter,
      usc: {
        mode: CredentialsReplacementMode.networkOperatorByNetworkOperator,
        authorisingCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
        replacements: [
          {
            certificate: nob.ds.certificate.der,
            targetCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
          },
          {
            certificate: nob.ka.certificate.der,
            targetCell: { role: 3, keyUsage: 'KA', cellUsage: 'management' },
          },
        ],
        certificationPath: [pki.ca.certificate.der],
      },
    });
    switch (i % 5) {
      case 0:
        return wrapGeneralCiphering(signKrp(command, signer), acbKa.privateKey, deviceKa.publicKey);
      case 1:
        return encodeGeneralSigning(command);
      case 2: {
        const response = {
          craFlag: 2 as const,
          originatorCounter: counter,
          originator: BENCH_M2,
          recipient: nob.eui,
          dateTime: encodeGbcsDateTime(new Date('2024-06-01T12:00:00Z')),
          messageCode: 0x0103,
          content: encodeUscResponse({
            authorisingSeqNumber: counter,
            mode: 3,
            seqNumberChanges: [{ role: 3, seq: counter }],
            outcomes: [{ cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' }, status: 0 }],
          }),
        };
        return wrapGeneralCiphering(signKrp(response, signer), deviceKa.privateKey, acbKa.publicKey);
      }
      case 3:
        return wrapGeneralCiphering(
          signKrp(
            buildAlertApdu({
              alertCode: 0x8f70,
              originatorCounter: counter,
              originator: BENCH_M2,
              recipient: nob.eui,
              dateTime: encodeGbcsDateTime(new Date('2024-06-01T12:00:00Z')),
            }),
            signer,
          ),
          deviceKa.privateKey,
          acbKa.publicKey,
        );
      default:
        return signKrp(
          {
            craFlag: 1,
            originatorCounter: counter,
            originator: nob.eui,
            recipient: BENCH_M2,
            messageCode: 0x010b,
            content: Uint8Array.from(Buffer.from('d901c0010000070000600a01ff0200', 'hex')),
          },
          signer,
        );
    }
  };
  const dir = mkdtempSync(join(tmpdir(), 'smets1-bench-gbcs-'));
  try {
    for (let i = 0; i < CORPUS_FILES; i++) {
      const folder = join(dir, `uc${i % 7}`);
      if (i < 7) mkdirSync(folder);
      const text = Buffer.from(forms(i))
        .toString('hex')
        .toUpperCase()
        .replace(/(.{64})/g, '$1\n');
      writeFileSync(join(folder, `file-${i}_GBCS.HEX`), text);
    }
    let bytesOut = 0;
    const options = { cwd: dir, write: (t: string) => void (bytesOut += t.length) };
    scanGbcsCorpus(['.'], options); // warm-up
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      const summary = scanGbcsCorpus(['.'], options);
      const seconds = (performance.now() - start) / 1000;
      if (summary.ok !== CORPUS_FILES) throw new Error('bench: the GBCS corpus did not decode');
      rates.push(CORPUS_FILES / seconds);
    }
    if (bytesOut === 0) throw new Error('bench: the corpus runner wrote nothing');
    return { files: CORPUS_FILES, filesPerSecond: median(rates), rounds: rates };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
