/**
 * The target field paths a profile may map, per profile section, from `@tollkit/messages`'
 * schemas (the union over the four modes): for the JSON Schema (editor completion) and the check
 * at load that flags typos.
 */
import { listNotificationFields, type NotificationLevel } from '@tollkit/messages';

export type ProfileSection = 'transport' | 'master' | 'house' | 'goodsItem';

const LEVEL: Record<ProfileSection, NotificationLevel> = {
  transport: 'transport',
  master: 'master-consignment',
  house: 'house-consignment',
  goodsItem: 'house-consignment',
};
const GOODS = 'consignmentHouseLevel.goodsItem[].';
const MODES = ['road', 'air', 'rail', 'maritime'] as const;
const cache = new Map<ProfileSection, readonly string[]>();

/**
 * The leaf paths of a section with `[]` for list items (goodsItem: relative to one goods item),
 * sorted; `documentIssueDate` is left out (the builders stamp it).
 *
 * @example targetPaths('goodsItem') // ['additionalFiscalReferences.role', …]
 */
export function targetPaths(section: ProfileSection): readonly string[] {
  const cached = cache.get(section);
  if (cached !== undefined) return cached;
  const paths = new Set<string>();
  for (const mode of MODES) {
    for (const f of listNotificationFields(LEVEL[section], mode)) {
      if (f.type === 'object' || f.type === 'array' || f.path === 'documentIssueDate') continue;
      if (section === 'goodsItem') {
        if (f.path.startsWith(GOODS)) paths.add(f.path.slice(GOODS.length));
      } else if (section !== 'house' || !f.path.startsWith(GOODS)) {
        paths.add(f.path);
      }
    }
  }
  const list = Object.freeze([...paths].sort());
  cache.set(section, list);
  return list;
}

/** `a.b[3].c` → `a.b[].c`, the form {@link targetPaths} lists. */
export function withoutIndexes(target: string): string {
  return target.replace(/\[\d+\]/gu, '[]');
}

/** The profile form of a listed path: `[]` → `[0]` (what an editor offers to complete). */
export function firstItemForm(path: string): string {
  return path.replace(/\[\]/gu, '[0]');
}
