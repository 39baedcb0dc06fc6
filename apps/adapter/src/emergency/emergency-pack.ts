/**
 * Customs' emergency routine for notification and disclosure (Norwegian Customs, `api/mo/nodrutiner-digitoll-EN.html`,
 * "Emergency Procedure for Notification and disclosure of Information (MO) Submission"), as data: when the
 * notifications cannot be submitted, road and ferry transport report at the customs office's clearance desk with, per
 * consignment, a reference to the procedure the goods will follow after the border (declaration id, consignment
 * number or transit MRN; for goods exported from the EU also the export MRN; VOEC and consolidated clearance are
 * assessed case by case); air, rail and sea send the same information by e-mail, subject "Emergency Procedure" and
 * the mode of transport, no later than the border crossing. Pure: no I/O, the caller passes the time.
 */
import type { TransportMode } from '@tollkit/codesets';

/** Customs' contact for the e-mail routine; one default, overridable. */
export interface EmergencyContacts {
  /** Where air, rail and sea send the pack (the page's address). */
  readonly email: string;
}

/** The page's address: `digitoll@toll.no`. */
export const DEFAULT_EMERGENCY_CONTACTS: EmergencyContacts = { email: 'digitoll@toll.no' };

/** What the routine asks for per consignment. */
export type ProcedureReference =
  | { readonly kind: 'declaration-id'; readonly value: string }
  | { readonly kind: 'transit-mrn'; readonly value: string }
  | { readonly kind: 'consignment-number'; readonly value: string }
  /** VOEC goods or consolidated clearance: no reference; the customs office assesses the case. */
  | { readonly kind: 'case-by-case'; readonly value: string }
  /** The notification names none: the driver must bring one. */
  | { readonly kind: 'missing'; readonly value: '' };

export interface EmergencyConsignment {
  readonly documentNumber: string;
  readonly type: string;
  /** The house's MRN, when Customs gave one before it became unreachable. */
  readonly mrn: string | undefined;
  readonly importProcedure: string | undefined;
  readonly reference: ProcedureReference;
  /** Export MRNs (goods exported from the EU). */
  readonly exportMrns: readonly string[];
}

export interface EmergencyPack {
  readonly mode: TransportMode;
  /** `desk`: road and ferry report at the customs office; `email`: air, rail and sea send an e-mail. */
  readonly channel: 'desk' | 'email';
  readonly title: string;
  /** E-mail subject: "Emergency Procedure - <mode>". */
  readonly subject: string;
  readonly to: string;
  readonly transportMrn: string | undefined;
  readonly meansOfTransport: { readonly identificationNumber: string; readonly typeOfIdentification: string; readonly countryCode: string; readonly conveyanceReferenceNumber: string | undefined };
  readonly operator: { readonly name: string; readonly contact: string };
  readonly carrier: { readonly name: string; readonly identificationNumber: string };
  readonly customsOffice: string;
  readonly scheduledArrival: string | undefined;
  readonly consignments: readonly EmergencyConsignment[];
  /** Consignments without any reference (the driver must bring one). */
  readonly missingReferences: number;
  /** When the pack was made (UTC instant). */
  readonly createdAt: string;
}

/** Input: the transport and house bodies as they would be (or were) sent, with MRNs where known. */
export interface EmergencyInput {
  readonly mode: TransportMode;
  readonly transport: unknown;
  readonly transportMrn?: string | undefined;
  readonly houses: readonly { readonly body: unknown; readonly mrn?: string | undefined }[];
  /** Epoch ms of making the pack. */
  readonly now: number;
  readonly contacts?: EmergencyContacts;
}

const MODE_NAME: Record<TransportMode, string> = { road: 'Road', air: 'Air', rail: 'Rail', maritime: 'Sea' };

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `123456789` + `2022-08-10` + `1` → `123456789-10082022-1` (Customs' declaration id). */
export function declarationId(declarantNumber: string, declarationDate: string, sequenceNumber: string): string {
  const [y, m, d] = declarationDate.split('-');
  return `${declarantNumber}-${d ?? ''}${m ?? ''}${y ?? ''}-${sequenceNumber}`;
}

/** The routine's reference for one house: its declaration, transit MRN or consignment number, else case by case. */
export function procedureReferenceOf(house: Record<string, unknown>): ProcedureReference {
  const ip = str(rec(house['importProcedure'])?.['importProcedure']);
  const docs = list(house['previousDocuments']).map(rec).filter((d): d is Record<string, unknown> => d !== undefined);
  const cude = docs.find((d) => d['typeOfReference'] === 'CUDE');
  if (cude !== undefined) {
    const [a, b, c] = [str(cude['declarantNumber']), str(cude['declarationDate']), str(cude['sequenceNumber'])];
    if (a !== undefined && b !== undefined && c !== undefined) return { kind: 'declaration-id', value: declarationId(a, b, c) };
  }
  const transit = docs.find((d) => d['typeOfReference'] === 'N820' && str(d['referenceNumber']) !== undefined);
  if (transit !== undefined) return { kind: 'transit-mrn', value: str(transit['referenceNumber']) as string };
  const other = docs.find((d) => str(d['referenceNumber']) !== undefined);
  if (other !== undefined) return { kind: 'consignment-number', value: `${str(other['typeOfReference']) ?? ''} ${str(other['referenceNumber']) as string}`.trim() };
  if (ip === 'IMMEDIATE_RELEASE_VOEC') return { kind: 'case-by-case', value: 'VOEC goods' };
  if (ip === 'COLLECTIVE_RELEASE') return { kind: 'case-by-case', value: 'consolidated customs clearance' };
  return { kind: 'missing', value: '' };
}

/**
 * Builds the emergency pack of one transport.
 *
 * @example
 * const pack = buildEmergencyPack({ mode: 'road', transport: body, houses: [{ body: house }], now: Date.now() });
 * pack.channel; // 'desk'
 */
export function buildEmergencyPack(input: EmergencyInput): EmergencyPack {
  const t = rec(input.transport);
  if (t === undefined) throw new TypeError('buildEmergencyPack: transport must be the transport body (an object)');
  const means = rec(t['activeBorderTransportMeans']) ?? {};
  const operator = rec(means['operator']) ?? {};
  const contact = list(operator['communication']).map(rec).map((c) => str(c?.['identifier'])).filter((c): c is string => c !== undefined).join(', ');
  const carrier = rec(t['carrier']) ?? {};
  const consignments = input.houses.map(({ body, mrn }): EmergencyConsignment => {
    const h = rec(rec(body)?.['consignmentHouseLevel']) ?? {};
    const doc = rec(h['transportDocumentHouseLevel']) ?? {};
    return {
      documentNumber: str(doc['documentNumber']) ?? '',
      type: str(doc['type']) ?? '',
      mrn,
      importProcedure: str(rec(h['importProcedure'])?.['importProcedure']),
      reference: procedureReferenceOf(h),
      exportMrns: list(h['exportFromEU']).map((e) => str(rec(e)?.['exportId'])).filter((e): e is string => e !== undefined),
    };
  });
  const channel = input.mode === 'road' ? 'desk' : 'email';
  const modeName = MODE_NAME[input.mode];
  return {
    mode: input.mode,
    channel,
    title: channel === 'desk' ? `Emergency Procedure - ${modeName}: report at the customs clearance desk` : `Emergency Procedure - ${modeName}`,
    subject: `Emergency Procedure - ${modeName}`,
    to: (input.contacts ?? DEFAULT_EMERGENCY_CONTACTS).email,
    transportMrn: input.transportMrn,
    meansOfTransport: {
      identificationNumber: str(means['identificationNumber']) ?? '',
      typeOfIdentification: str(means['typeOfIdentification']) ?? '',
      countryCode: str(means['countryCode']) ?? '',
      conveyanceReferenceNumber: str(means['conveyanceReferenceNumber']),
    },
    operator: { name: str(operator['name']) ?? '', contact },
    carrier: { name: str(carrier['name']) ?? '', identificationNumber: str(carrier['identificationNumber']) ?? '' },
    customsOffice: str(rec(t['customsOfficeOfFirstEntry'])?.['referenceNumber']) ?? '',
    scheduledArrival: str(t['scheduledDateAndTimeOfArrival']) ?? str(t['estimatedDateAndTimeOfArrival']),
    consignments,
    missingReferences: consignments.filter((c) => c.reference.kind === 'missing').length,
    createdAt: new Date(input.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

const REFERENCE_LABEL: Record<ProcedureReference['kind'], string> = {
  'declaration-id': 'Declaration id',
  'transit-mrn': 'Transit MRN',
  'consignment-number': 'Consignment number',
  'case-by-case': 'No reference (assessed case by case)',
  missing: 'NO REFERENCE IN THE NOTIFICATION - bring the declaration id, consignment number or transit MRN',
};

/** One consignment as a line of text. */
export function consignmentLine(c: EmergencyConsignment, index: number): string {
  const ref = c.reference.kind === 'missing' ? REFERENCE_LABEL.missing : `${REFERENCE_LABEL[c.reference.kind]}: ${c.reference.value}`;
  const exports = c.exportMrns.length > 0 ? `; export MRN: ${c.exportMrns.join(', ')}` : '';
  return `${index + 1}. ${c.type} ${c.documentNumber}${c.mrn === undefined ? '' : ` (MRN ${c.mrn})`} - ${ref}${exports}`;
}

/** The pack as plain text (the PDF's twin, and the e-mail body). */
export function renderEmergencyText(pack: EmergencyPack): string {
  const m = pack.meansOfTransport;
  const lines = [
    pack.title,
    '',
    pack.channel === 'desk'
      ? 'The notification and disclosure data could not be submitted. Per Norwegian Customs\' emergency routine, the driver reports at the customs clearance desk with this list.'
      : `The notification and disclosure data could not be submitted. Per Norwegian Customs' emergency routine, send this to ${pack.to} no later than the border crossing.`,
    '',
    `Means of transport: ${m.identificationNumber} (type ${m.typeOfIdentification}, ${m.countryCode})${m.conveyanceReferenceNumber === undefined ? '' : `, flight/voyage ${m.conveyanceReferenceNumber}`}`,
    `Operator: ${pack.operator.name}${pack.operator.contact === '' ? '' : `, ${pack.operator.contact}`}`,
    `Carrier: ${pack.carrier.name} (${pack.carrier.identificationNumber})`,
    `Customs office of first entry: ${pack.customsOffice}`,
    `Scheduled arrival (UTC): ${pack.scheduledArrival ?? 'unknown'}`,
    ...(pack.transportMrn === undefined ? [] : [`Transport MRN: ${pack.transportMrn}`]),
    '',
    `Consignments (${pack.consignments.length}):`,
    ...pack.consignments.map(consignmentLine),
    '',
    ...(pack.missingReferences > 0 ? [`${pack.missingReferences} consignment(s) have no reference: bring one for each before the border.`, ''] : []),
    'If TVINN is unavailable too, TVINN\'s own emergency procedure applies.',
    'If the data was already submitted and only the border systems fail (red light or no signal), contact Norwegian Customs with the identification of the means of transport and of the operator, and wait for instructions.',
    '',
    `Made by Tollkit at ${pack.createdAt}. Source: Norwegian Customs, "Emergency Routines in Digitoll".`,
    '',
  ];
  return lines.join('\n');
}

function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function wrap76(base64: string): string {
  return base64.replace(/.{1,76}/g, (line) => `${line}\r\n`);
}

/**
 * The pack as a ready-to-send e-mail (RFC 5322, one UTF-8 text/plain part, base64): `To` Customs' address,
 * subject "Emergency Procedure - <mode>". Hand-written: it is a fixed, single-part message that is never sent by
 * Tollkit, so a mail library would add a dependency for ten header lines.
 */
export function renderEmergencyEml(pack: EmergencyPack, options: { from?: string; messageId: string }): string {
  const headers = [
    ...(options.from === undefined ? [] : [`From: ${options.from}`]),
    `To: ${pack.to}`,
    `Subject: ${encodeWord(pack.subject)}`,
    `Date: ${new Date(pack.createdAt).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${options.messageId}>`,
    'X-Unsent: 1',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${wrap76(Buffer.from(renderEmergencyText(pack), 'utf8').toString('base64'))}`;
}
