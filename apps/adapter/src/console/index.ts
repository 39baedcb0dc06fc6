/** The operator console: web pages on the ops port (see README.md). */
export { createConsole, type ConsoleOptions } from './create-console.js';
export { OperatorAuth, sessionCookie, type ConsoleOperator, type OperatorIdentity } from './lib/operator-auth.js';
