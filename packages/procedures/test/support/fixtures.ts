/** Building blocks for test inputs: real-looking references in the formats Customs expects. */
import type { ExportFromEU, GoodsItem, PreviousDocument } from '../../src/index.js';

export const cude = (sequenceNumber = '13881'): PreviousDocument => ({
  typeOfReference: 'CUDE',
  declarantNumber: '913144929',
  declarationDate: '2022-03-01',
  sequenceNumber,
});

/** A non-CUDE entry: NCTS MRN for N820, transit LRN for RETR, goods number for GONU, carnet/form number otherwise. */
export const reference = (typeOfReference: string): PreviousDocument => ({
  typeOfReference,
  referenceNumber: (
    {
      N820: '22FR98765273876523',
      RETR: 'SE2298081234598765',
      GONU: '123456789',
      N955: 'ATA-NO-2024-000117',
      N952: 'XC12345678',
      C624: 'NATO302-2024-0042',
    } as Record<string, string>
  )[typeOfReference] ?? `REF-${typeOfReference}`,
});

/** A valid exportId for each export type (enums.md §4). */
export const EXPORT_IDS: Record<string, string> = {
  AES_EXPORT: '22SEEVO1CT5UAP2BT3',
  EUEIR_EXPORT: 'SE009251-20230602-24',
  EIDR_EXPORT: '24SE0123456789AAED',
};

export const exportFromEU = (typeOfExport = 'AES_EXPORT'): ExportFromEU => ({
  typeOfExport,
  exportId: EXPORT_IDS[typeOfExport] ?? '22SEEVO1CT5UAP2BT3',
});

/** The VOEC goods item of T-ex example 6. */
export const voecItem = (): GoodsItem => ({
  additionalFiscalReferences: { vatIdentificationNumber: '589403', role: 'FR5' },
  itemAmountInvoicedVOEC: { value: 400.5, numberOfItems: 11 },
  commodityCodeVOEC: { harmonizedSystemSubheadingCode: '551100' },
});
