import type { Command } from 'commander';
import type { CliIo } from './io';
import { diffCommand } from './commands/diff';
import { duisCommand } from './commands/duis';
import { reportCommand } from './commands/report';
import { estateCommand } from './commands/estate';
import { benchCommand } from './commands/bench';
import { gbcsCommand } from './commands/gbcs';
import { serveCommand } from './commands/serve';
import { conformCommand } from './commands/conform';
import { inspectCommand } from './commands/inspect';
import { pkiCommand } from './commands/pki';
import { verifyPathCommand } from './commands/verify-path';
import { worldCommand } from './commands/world';
import { runCommand } from './commands/run';
import { demoCommand } from './commands/demo';
import { exploreCommand } from './commands/explore';
import { replayCommand } from './commands/replay';
import { proveCommand } from './commands/prove';

/** Builds one top-level command; `setExit` raises the process exit code (0 ok, 1 failed check, 2 bad input). */
export type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;

/** Every top-level command of `smets1`, listed explicitly in help order (STYLE §8). */
export const registeredCommands: readonly CommandFactory[] = [
  demoCommand,
  runCommand,
  exploreCommand,
  proveCommand,
  replayCommand,
  estateCommand,
  serveCommand,
  conformCommand,
  worldCommand,
  diffCommand,
  reportCommand,
  pkiCommand,
  inspectCommand,
  verifyPathCommand,
  gbcsCommand,
  duisCommand,
  benchCommand,
];
