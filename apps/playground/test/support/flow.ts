import type { Playground } from '../../src/index.js';
import { BASE, type Mode, house, master, transport } from './bodies.js';
import { call, pollStatus, type Answer } from './http.js';

export const ORG_A = '912345688';
export const ORG_B = '998877665';
export const ORG_C = '911222333';

/** Customs token with every mode scope + entry scope for `org`. */
export function tokenFor(pg: Playground, org: string): Promise<string> {
  return pg.issueCustomsToken({ orgNumber: org, scopes: ['toll:movement/road/v2', 'toll:movement/air', 'toll:movement/rail', 'toll:movement/maritime', 'toll:movement/entry'] });
}

type Level = 'transport' | 'master-consignment' | 'house-consignment';

/** POST a notification and return the 202 answer. */
export async function post(pg: Playground, token: string, mode: Mode, level: Level, body: unknown): Promise<Answer> {
  return call(pg.url, 'POST', `${BASE[mode].submit}/${level}`, { token, json: body });
}

/** POST, expect 202, poll the validation status, return its body. */
export async function submit(pg: Playground, token: string, mode: Mode, level: Level, body: unknown): Promise<any> {
  const accepted = await post(pg, token, mode, level, body);
  if (accepted.status !== 202) throw new Error(`expected 202, got ${accepted.status}: ${accepted.text}`);
  return (await status(pg, token, mode, level, accepted.body.requestId)).body;
}

export async function status(pg: Playground, token: string, mode: Mode, level: Level, requestId: string): Promise<Answer> {
  return pollStatus(pg.url, `${BASE[mode].query}/${level}/validation-status/${requestId}`, token);
}

/** Submit and insist on SUCCESS; returns the MRN. */
export async function create(pg: Playground, token: string, mode: Mode, level: Level, body: unknown): Promise<string> {
  const result = await submit(pg, token, mode, level, body);
  if (result.status !== 'SUCCESS') throw new Error(`expected SUCCESS, got ${JSON.stringify(result)}`);
  return result.mrn as string;
}

/**
 * A road transport (submitted with `transportToken`) carrying one master and one house (submitted with `houseToken`),
 * all validated, then arrived: the house has its routing. Returns the transport MRN and the house's document number.
 */
export async function arrivedHouse(pg: Playground, transportToken: string, houseToken: string, unique: (prefix: string) => string): Promise<{ transportMrn: string; houseNumber: string }> {
  const now = pg.clock.now();
  const masterNumber = unique('AHM');
  const transportMrn = await create(pg, transportToken, 'road', 'transport', transport('road', { now, meansId: unique('AHT').slice(0, 12), masters: [{ documentNumber: masterNumber, type: 'N730' }] }));
  await create(pg, houseToken, 'road', 'master-consignment', master({ now, documentNumber: masterNumber }));
  const houseNumber = unique('AHH');
  await create(pg, houseToken, 'road', 'house-consignment', house({ now, documentNumber: houseNumber, master: { documentNumber: masterNumber } }));
  await call(pg.url, 'POST', `/_admin/arrive/${transportMrn}`);
  return { transportMrn, houseNumber };
}
