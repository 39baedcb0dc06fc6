import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An operator allowed to act in the console. `token`: sent as `Authorization: Bearer <token>` or
 * typed into the login form; `password`: HTTP basic auth as `<name>:<password>` or the login form.
 * The secret comes from the config's `…Env`/`…File` keys and is never logged or shown.
 */
export interface ConsoleOperator {
  readonly name: string;
  readonly kind: 'token' | 'password';
  readonly secret: string;
}

/** Who is asking: an operator (and how they proved it), or nobody. */
export interface OperatorIdentity {
  readonly name: string;
  readonly via: 'session' | 'bearer' | 'basic';
  /** What the CSRF token is bound to: the session id, or the header credentials' operator. */
  readonly principal: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
/** Compares two secrets in constant time (hashes first, so lengths do not leak). */
const same = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/** The console's session cookie name. */
export const sessionCookie = 'tollkit_console';

/**
 * Operator credentials, login sessions and CSRF tokens for the console. Sessions live in this
 * process's memory (a restart asks operators to log in again); CSRF tokens are an HMAC of the
 * session (or the header credentials' operator) under a per-process key, so a page from another
 * site can neither read nor guess one.
 */
export class OperatorAuth {
  readonly #operators: readonly ConsoleOperator[];
  readonly #sessions = new Map<string, { name: string; expiresAt: number }>();
  readonly #key = randomBytes(32);
  readonly #now: () => number;
  readonly #sessionMs: number;

  constructor(operators: readonly ConsoleOperator[], options: { now?: () => number; sessionMs?: number } = {}) {
    const names = new Set<string>();
    for (const o of operators) {
      if (names.has(o.name)) throw new TypeError(`console operator "${o.name}" is configured twice`);
      names.add(o.name);
    }
    this.#operators = operators;
    this.#now = options.now ?? Date.now;
    this.#sessionMs = options.sessionMs ?? 8 * 3_600_000;
  }

  /** Whether any operator is configured: without one the console is read-only. */
  get actionsEnabled(): boolean {
    return this.#operators.length > 0;
  }

  /** Checks a name + secret (login form); the operator's name when they match. */
  check(name: string, secret: string): string | undefined {
    let found: string | undefined;
    for (const o of this.#operators) {
      // Compare against every operator so the time taken does not tell which names exist.
      if (same(o.name, name) && same(o.secret, secret)) found = o.name;
    }
    return found;
  }

  /** Starts a session for an operator; the id goes into an HttpOnly, SameSite=Strict cookie. */
  login(name: string): { readonly id: string; readonly maxAgeSeconds: number } {
    const now = this.#now();
    for (const [sid, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(sid);
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { name, expiresAt: now + this.#sessionMs });
    return { id, maxAgeSeconds: Math.floor(this.#sessionMs / 1000) };
  }

  logout(sessionId: string | undefined): void {
    if (sessionId !== undefined) this.#sessions.delete(sessionId);
  }

  /** The operator behind a request: a valid session cookie, or `Authorization: Bearer|Basic`. */
  identify(request: { readonly authorization?: string | undefined; readonly sessionId?: string | undefined }): OperatorIdentity | undefined {
    if (request.sessionId !== undefined) {
      const session = this.#sessions.get(request.sessionId);
      if (session !== undefined && session.expiresAt > this.#now()) return { name: session.name, via: 'session', principal: `session:${request.sessionId}` };
      if (session !== undefined) this.#sessions.delete(request.sessionId);
    }
    const header = request.authorization?.trim();
    if (header === undefined || header === '') return undefined;
    const [scheme = '', value = ''] = header.split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) {
      let found: string | undefined;
      for (const o of this.#operators) if (o.kind === 'token' && same(o.secret, value)) found = o.name;
      return found === undefined ? undefined : { name: found, via: 'bearer', principal: `operator:${found}` };
    }
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      const name = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      let found: string | undefined;
      for (const o of this.#operators) if (o.kind === 'password' && same(o.name, name) && same(o.secret, secret)) found = o.name;
      return found === undefined ? undefined : { name: found, via: 'basic', principal: `operator:${found}` };
    }
    return undefined;
  }

  /** The CSRF token forms and htmx requests of this identity must carry. */
  csrfToken(identity: OperatorIdentity): string {
    return createHmac('sha256', this.#key).update(identity.principal).digest('base64url');
  }

  /** Whether `token` is this identity's CSRF token. */
  checkCsrf(identity: OperatorIdentity, token: string | undefined): boolean {
    return token !== undefined && token !== '' && same(this.csrfToken(identity), token);
  }
}
