/**
 * Presentation bodies (docs/digitoll.md §7.5). The shapes are uncertain and live in `uncertain.ts`;
 * this module only names their types.
 */
import type { z } from 'zod';
import type {
  presentContainerSchema,
  presentEntrySummaryDeclarationSchema,
  presentHouseConsignmentSchema,
  presentMasterConsignmentSchema,
  presentReceptacleSchema,
  relationSchema,
  arrivalSchema,
} from '../uncertain.js';

export type PresentHouseConsignment = z.infer<typeof presentHouseConsignmentSchema>;
export type PresentMasterConsignment = z.infer<typeof presentMasterConsignmentSchema>;
export type PresentReceptacle = z.infer<typeof presentReceptacleSchema>;
export type PresentContainer = z.infer<typeof presentContainerSchema>;
export type PresentEntrySummaryDeclaration = z.infer<typeof presentEntrySummaryDeclarationSchema>;
export type Relation = z.infer<typeof relationSchema>;
export type Arrival = z.infer<typeof arrivalSchema>;
