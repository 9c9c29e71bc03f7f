import type { Command } from 'commander';
import type { CliIo } from './io';

/** Builds one top-level command; `setExit` raises the process exit code (0 ok, 1 failed check, 2 bad input). */
export type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;
