import { inspect } from 'node:util';

/**
 * A Customs-signed access token. The token text is only reachable through {@link CustomsToken.reveal};
 * `toJSON`, `toString` and `util.inspect` show scope and expiry only, so logging this object is safe.
 */
export class CustomsToken {
  readonly #value: string;
  /** `Bearer`. */
  readonly tokenType: string;
  /** The scope(s) the token was issued for, space-separated. */
  readonly scope: string;
  /** Local time (ms since epoch) the token was obtained. */
  readonly issuedAt: number;
  /** Local time (ms since epoch) the token expires, from `expires_in`. */
  readonly expiresAt: number;
  /** The audience-restricting resource, when one was asked for. */
  readonly resource: string | undefined;

  constructor(value: string, fields: { tokenType: string; scope: string; issuedAt: number; expiresAt: number; resource?: string | undefined }) {
    this.#value = value;
    this.tokenType = fields.tokenType;
    this.scope = fields.scope;
    this.issuedAt = fields.issuedAt;
    this.expiresAt = fields.expiresAt;
    this.resource = fields.resource;
  }

  /**
   * The token itself, for an `Authorization` header. Do not log it.
   *
   * @example
   * declare const token: CustomsToken; // tokens.getTokenInfo(…)
   * const headers = { authorization: `Bearer ${token.reveal()}` };
   */
  reveal(): string {
    return this.#value;
  }

  /**
   * Seconds left at `now`.
   *
   * @example
   * declare const token: CustomsToken;
   * if (token.secondsLeft(Date.now()) < 60) console.log('refresh soon:', String(token)); // logs scope and expiry, never the token
   */
  secondsLeft(now: number): number {
    return Math.max(0, Math.floor((this.expiresAt - now) / 1000));
  }

  toJSON(): Record<string, unknown> {
    return {
      tokenType: this.tokenType,
      scope: this.scope,
      issuedAt: new Date(this.issuedAt).toISOString(),
      expiresAt: new Date(this.expiresAt).toISOString(),
      ...(this.resource === undefined ? {} : { resource: this.resource }),
      token: '[redacted]',
    };
  }

  toString(): string {
    return `CustomsToken(${this.scope}, expires ${new Date(this.expiresAt).toISOString()})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
