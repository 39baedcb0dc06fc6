import type { BringDeclarationRequest } from '@tollkit/carrier-customs';
import type { ChannelProfile } from '../pipeline/ports.js';

/** The Bring client operation the adapter uses (`createBringCustomsClient(…)` satisfies it). */
export interface BringDeclarationPort {
  submitDeclaration(body: BringDeclarationRequest): Promise<{
    status: 'ACCEPTED' | 'FAILED';
    processingId: string | null;
    error: string | null;
    attempts: number;
    throttled: number;
  }>;
}

/** How house consignments become goods lines (see `target-schema.ts`). */
export interface CarrierGoodsMapping {
  readonly currencyCode: string;
  /** Default: the house consignor's country. */
  readonly countryOfOrigin?: string | undefined;
  readonly goodsValue: 'line-amount' | 'unit-price';
}

/** A channel that sends Bring Customs API declarations. */
export interface BringTarget extends CarrierGoodsMapping {
  readonly kind: 'bring';
  readonly client: BringDeclarationPort;
  readonly customerNumber: string;
  readonly service: '0300' | '0336';
  readonly declarationType?: 'IMPORT' | 'EXPORT' | 'IMPORT_EXPORT' | undefined;
  readonly incotermsCode?: 'EXW' | 'FCA' | 'FAS' | 'FOB' | 'CFR' | 'CIF' | 'CPT' | 'CIP' | 'DPU' | 'DAP' | 'DDP' | undefined;
  /** Declarations in flight at once per manifest. */
  readonly concurrency: number;
}

/** A channel that writes Shipmondo `customs` objects. */
export interface ShipmondoTarget extends CarrierGoodsMapping {
  readonly kind: 'shipmondo';
  readonly carrierSupportsSaleOfGoods: boolean;
  readonly exportReason: 'gift' | 'documents' | 'commercial_samples' | 'returned_goods' | 'other' | 'sale_of_goods';
  readonly termsOfTrade?: string | undefined;
}

/** A channel's carrier target, resolved (client built, secrets loaded). */
export type CarrierTarget = BringTarget | ShipmondoTarget;

/** A channel profile that may carry a carrier target (absent = Digitoll, the default). */
export type CarrierChannelProfile = ChannelProfile & { readonly carrier?: CarrierTarget | undefined };

/** The carrier target of a channel, or `undefined` for a Digitoll channel. */
export function carrierTargetOf(settings: ChannelProfile): CarrierTarget | undefined {
  const carrier = (settings as CarrierChannelProfile).carrier;
  return carrier?.kind === 'bring' || carrier?.kind === 'shipmondo' ? carrier : undefined;
}

/** The notification `type` under which carrier rows are stored (keeps them apart from Digitoll's N7xx types). */
export const CARRIER_ROW_TYPE = { bring: 'BRING-DECLARATION', shipmondo: 'SHIPMONDO-CUSTOMS' } as const;
