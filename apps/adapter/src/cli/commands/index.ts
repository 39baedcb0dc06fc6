import type { Command } from '../lib/command.js';
import { convertCommand } from './convert.js';
import { doctorCommand } from './doctor.js';
import { listCommand } from './list.js';
import { profileCommand } from './profile.js';
import { emergencyCommand } from './emergency.js';
import { replayCommand } from './replay.js';
import { resubmitCommand } from './resubmit.js';
import { routingCommand } from './routing.js';
import { runCommand } from './run.js';
import { statusCommand } from './status.js';
import { submitCommand } from './submit.js';
import { testAuthCommand } from './test-auth.js';
import { tokenCommand } from './token.js';
import { validateCommand } from './validate.js';

/** The registered `tollkit` commands, in the order `tollkit --help` lists them. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  convertCommand,
  validateCommand,
  listCommand,
  profileCommand,
  statusCommand,
  replayCommand,
  resubmitCommand,
  routingCommand,
  doctorCommand,
  tokenCommand,
  testAuthCommand,
  submitCommand,
  emergencyCommand,
];
