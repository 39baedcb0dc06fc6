/**
 * Conformance with Customs' documentation (issue 16): every case of `cases.ts`, titled with its source page and
 * rule, run against Tollkit's local pre-validation and against the playground over plain HTTP with the same input.
 */
import { type FieldError, type ValidationErrorListItem, checkNotificationRules, validateNotification, validateRequestBody } from '@tollkit/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/index.js';
import { ORG_A, ORG_B, post, status, tokenFor } from '../support/flow.js';
import { CASES, type CaseEnv, type ConformanceCase, type Expectation } from './cases.js';

let pg: Playground;
let env: CaseEnv;
let counter = 0;
const unique = (prefix: string): string => `${prefix}${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

beforeAll(async () => {
  pg = await startPlayground({ port: 0, validationDelayMs: 0 });
  env = { pg, tokenA: await tokenFor(pg, ORG_A), tokenB: await tokenFor(pg, ORG_B), unique };
});
afterAll(async () => {
  await pg.close();
});

type Outcome = { outcome: 'accepted' } | { outcome: 'rejected'; errors: FieldError[] } | { outcome: 'failure'; errors: ValidationErrorListItem[] };

function expectOutcome(actual: Outcome, expected: Expectation): void {
  expect(actual.outcome).toBe(expected.outcome);
  if (expected.outcome === 'accepted' || actual.outcome === 'accepted') return;
  for (const e of expected.errors) expect(actual.errors).toContainEqual(e);
}

function title(c: ConformanceCase, side: string): string {
  return `${c.id} [${c.source.page} — ${c.source.rule}] ${c.rule} — ${side}`;
}

describe('conformance with Customs\' documentation (docs/conformance.md)', () => {
  for (const c of CASES) {
    const check = c.check;
    if (check.kind === 'notification') {
      it(title(c, 'local pre-validation'), async () => {
        const now = Date.now();
        const body = check.body(now, unique);
        const sync = validateNotification(check.level, body, check.mode);
        const outcome: Outcome = !sync.ok
          ? { outcome: 'rejected', errors: sync.errors }
          : await checkNotificationRules(check.level, sync.value, check.mode, { now, operation: 'create' }).then((errors) =>
              errors.length > 0 ? { outcome: 'failure' as const, errors } : { outcome: 'accepted' as const });
        expectOutcome(outcome, check.expect);
      });
      it(title(c, 'playground'), async () => {
        const body = check.body(pg.clock.now(), unique);
        const answer = await post(pg, env.tokenA, check.mode, check.level, body);
        let outcome: Outcome;
        if (answer.status === 400) outcome = { outcome: 'rejected', errors: answer.body.validationErrors };
        else {
          expect(answer.status).toBe(202);
          const result = (await status(pg, env.tokenA, check.mode, check.level, answer.body.requestId)).body;
          outcome = result.status === 'SUCCESS' ? { outcome: 'accepted' } : { outcome: 'failure', errors: result.validationErrorList };
        }
        expectOutcome(outcome, check.expect);
      });
    } else if (check.kind === 'request-body') {
      it(title(c, 'local pre-validation'), () => {
        const r = validateRequestBody(check.requestKind, check.body(Date.now()) ?? {});
        expectOutcome(r.ok ? { outcome: 'accepted' } : { outcome: 'rejected', errors: r.errors }, check.expect);
      });
      it(title(c, 'playground'), async () => {
        const answer = await check.send(env, check.body(pg.clock.now()));
        expect(answer.status).toBe(400);
        expectOutcome({ outcome: 'rejected', errors: answer.body.validationErrors }, check.expect);
      });
    } else {
      const local = check.local;
      if (local !== undefined) it(title(c, 'local pre-validation'), async () => { await local(); });
      it(title(c, 'playground'), async () => { await check.playground(env); });
    }
  }
});
