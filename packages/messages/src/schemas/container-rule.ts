import { MUST_NOT_BE_EMPTY, MUST_NOT_BE_NULL } from '../lib/customs-texts.js';

/**
 * `containerIndicator` = 1 ⇒ `transportEquipment[]` required (§6.2). Customs publishes no text for
 * this conditional requirement; we report it like `@NotNull` / `@NotEmpty` on the list [I].
 * Returned as two refinements (absent, empty) that run even when sibling fields have issues.
 */
function equipmentOf(value: unknown): { containerised: boolean; equipment: unknown } {
  if (typeof value !== 'object' || value === null) return { containerised: false, equipment: undefined };
  const level = value as Record<string, unknown>;
  return { containerised: level['containerIndicator'] === 1, equipment: level['transportEquipment'] };
}

const always = (): boolean => true;

type RefineArgs = [(value: unknown) => boolean, { error: string; path: PropertyKey[]; when: () => boolean }];

export const equipmentPresentWhenContainerised: RefineArgs = [
  (value: unknown): boolean => {
    const { containerised, equipment } = equipmentOf(value);
    return !containerised || (equipment !== undefined && equipment !== null);
  },
  { error: MUST_NOT_BE_NULL, path: ['transportEquipment'], when: always },
];

export const equipmentNonEmptyWhenContainerised: RefineArgs = [
  (value: unknown): boolean => {
    const { containerised, equipment } = equipmentOf(value);
    return !containerised || !Array.isArray(equipment) || equipment.length > 0;
  },
  { error: MUST_NOT_BE_EMPTY, path: ['transportEquipment'], when: always },
];
