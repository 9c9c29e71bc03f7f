import type { CommandFactory } from './command';
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
import { mutateCommand } from './commands/mutate';

/** Every top-level command of `smets1`, listed explicitly in help order (CONTRIBUTING.md: explicit lists, no discovery). */
export const registeredCommands: readonly CommandFactory[] = [
  demoCommand,
  runCommand,
  exploreCommand,
  proveCommand,
  mutateCommand,
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

export type { CommandFactory } from './command';
