import {
  type CodeListName,
  getCodeList,
  isValidCountryCode,
} from '@tollkit/codesets';
import {
  COUNTRY_IS_INVALID,
  INVALID_UNLOCODE,
  UNLOCODE_REQUIRED,
  invalidCode,
} from '../customs-texts.js';
import type { ValidationErrorListItem } from '../../types.js';

/** UN/LOCODE shape: 2-letter country + 3 characters [A-Z2-9]. CL144 itself is not bundled [I]. */
export const UNLOCODE_PATTERN = /^([A-Z]{2})[A-Z2-9]{3}$/;

/**
 * A body the rules may see: every member optional, at any depth (a notification that failed the
 * synchronous checks, read with `checkNotificationRules(…, { partial: true })`).
 */
export type Loose<T> = T extends readonly (infer U)[]
  ? readonly Loose<U>[]
  : T extends object
    ? { readonly [K in keyof T]?: Loose<T[K]> }
    : T;

/** Collects asynchronous errors in Customs' shape, with the shared A1/A2/A7/A9 checks. */
export class RuleCollector {
  readonly errors: ValidationErrorListItem[] = [];

  add(description: string, messageElementPath: string): void {
    this.errors.push({ description, pointer: { messageElementPath } });
  }

  /** A1 against one or more code lists (codes listed in the lists' order). */
  code(path: string, value: string | number | undefined, ...lists: CodeListName[]): void {
    if (value === undefined) return;
    const text = String(value);
    if (lists.some((name) => getCodeList(name).has(text))) return;
    const codes = lists.flatMap((name) => getCodeList(name).entries.map((e) => e.code));
    this.add(invalidCode(codes), path);
  }

  /** A1 against an explicit list. */
  codeIn(path: string, value: string | undefined, codes: readonly string[]): void {
    if (value !== undefined && !codes.includes(value)) this.add(invalidCode(codes), path);
  }

  /** A2 */
  country(path: string, value: string | undefined): void {
    if (typeof value === 'string' && !isValidCountryCode(value)) this.add(COUNTRY_IS_INVALID, path);
  }

  /** A7 / A9 and the country of a place. */
  place(path: string, place: { location?: string; unloCode?: string; address?: { country?: string } } | undefined): void {
    if (place === undefined) return;
    if (place.unloCode === undefined) {
      if (place.location === undefined && place.address === undefined) this.add(UNLOCODE_REQUIRED, `${path}.unloCode`);
    } else {
      const m = UNLOCODE_PATTERN.exec(place.unloCode);
      if (m === null || !isValidCountryCode(m[1])) this.add(INVALID_UNLOCODE, `${path}.unloCode`);
    }
    if (place.address !== undefined) this.country(`${path}.address.country`, place.address.country);
  }

  communication(path: string, list: readonly { type?: string }[] | undefined): void {
    list?.forEach((c, i) => this.code(`${path}[${i}].type`, c.type, 'CL707'));
  }

  representative(
    path: string,
    r: { address?: { country?: string }; communication?: readonly { type?: string }[] } | undefined,
  ): void {
    if (r === undefined) return;
    this.country(`${path}.address.country`, r.address?.country);
    this.communication(`${path}.communication`, r.communication);
  }

  party(
    path: string,
    p: { typeOfPerson?: number; address?: { country?: string }; communication?: readonly { type?: string }[] } | undefined,
  ): void {
    if (p === undefined) return;
    this.code(`${path}.typeOfPerson`, p.typeOfPerson, 'CL729');
    this.country(`${path}.address.country`, p.address?.country);
    this.communication(`${path}.communication`, p.communication);
  }

  equipment(
    path: string,
    list:
      | readonly { containerSizeAndType?: string; containerPackedStatus?: string; containerSupplierType?: string }[]
      | undefined,
  ): void {
    list?.forEach((e, i) => {
      this.code(`${path}[${i}].containerSizeAndType`, e.containerSizeAndType, 'CL710');
      this.code(`${path}[${i}].containerPackedStatus`, e.containerPackedStatus, 'CL709');
      this.code(`${path}[${i}].containerSupplierType`, e.containerSupplierType, 'CL711');
    });
  }
}
