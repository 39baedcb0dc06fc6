// TypeScript consumer only: the exported types are usable under module/moduleResolution nodenext.
import type { HouseConsignment, FieldError } from '@tollkit/messages';
import { validateNotification } from '@tollkit/messages';
import { assessProcedure, type ProcedureAssessment } from '@tollkit/procedures';
import { isValidCode, type CodeListName } from '@tollkit/codesets';
import type { MappingProfile } from '@tollkit/manifest';
import type { DigitollClient } from '@tollkit/digitoll-client';
import type { SigningKey } from '@tollkit/maskinporten';
import { validateBringDeclaration } from '@tollkit/carrier-customs';

const list: CodeListName = 'CL754';
const result = validateNotification('house-consignment', {}, 'road');
const errors: FieldError[] = result.ok ? [] : result.errors;
const house: HouseConsignment | undefined = result.ok ? result.value : undefined;
const assessment: ProcedureAssessment = assessProcedure({}, 'air');
export function neverCalled(): void {
  // @ts-expect-error -- 'ship' is not a TransportMode: the declarations are precise, not `any`
  assessProcedure({}, 'ship');
}
type Used = [MappingProfile, DigitollClient, SigningKey];
const bring = validateBringDeclaration({});
console.log(JSON.stringify({ list, valid: isValidCode(list, 'N730'), errors: errors.length > 0, house: house === undefined, variant: assessment.variant ?? null, bringOk: bring.ok }));
export type { Used };
