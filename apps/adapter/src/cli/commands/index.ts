import type { Command } from '../lib/command.js';
import { routingCommand } from './routing.js';
import { statusCommand } from './status.js';
import { submitCommand } from './submit.js';
import { testAuthCommand } from './test-auth.js';
import { tokenCommand } from './token.js';

/** The registered `tollkit` commands. Other commands (run, convert, validate, replay, doctor) are added here. */
export const COMMANDS: readonly Command[] = [tokenCommand, testAuthCommand, submitCommand, statusCommand, routingCommand];
