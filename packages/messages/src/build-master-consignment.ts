import type { BuildOptions, MasterConsignmentDraft } from './drafts.js';
import { compact, issueDate } from './lib/build-helpers.js';
import type { MasterConsignment } from './schemas/master-consignment.js';
import { type ReceptacleListShape, serializeReceptacleIds } from './uncertain.js';

/** Options of {@link buildMasterConsignment}. */
export interface BuildMasterConsignmentOptions extends BuildOptions {
  /** Postal masters: the UPU receptacle ids to list (written as `consignmentMasterLevel.consignmentHouseLevel`). */
  receptacleIds?: readonly string[];
  /** Serialisation of the receptacle list (uncertain, §17); defaults to `RECEPTACLE_LIST_SHAPE`. */
  receptacleListShape?: ReceptacleListShape;
}

/**
 * Builds a master consignment body from a draft, stamping `documentIssueDate` and, for postal
 * masters, writing the receptacle list. Does not validate.
 *
 * @throws TypeError for an invalid `documentIssueDate`.
 * @example
 * declare const draft: MasterConsignmentDraft;
 * const body = buildMasterConsignment(draft, { documentIssueDate: Date.now(), receptacleIds: ['GBASFZMLBKONAUN30001001019999'] });
 */
export function buildMasterConsignment(draft: MasterConsignmentDraft, options: BuildMasterConsignmentOptions): MasterConsignment {
  const body = compact(draft);
  const level = { ...body.consignmentMasterLevel };
  if (options.receptacleIds !== undefined && options.receptacleIds.length > 0)
    level.consignmentHouseLevel = serializeReceptacleIds(options.receptacleIds, options.receptacleListShape);
  return { documentIssueDate: issueDate(options.documentIssueDate), ...body, consignmentMasterLevel: level };
}
