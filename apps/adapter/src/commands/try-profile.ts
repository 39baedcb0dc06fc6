import { loadPartnerProfile, ManifestError, ProfileInvalidError } from '@tollkit/manifest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { AdapterError, ConfigInvalidError } from '../errors.js';
import type { FileProblem } from '../pipeline/lib/plan-record.js';
import { convertManifestBytes, problemsOf, type ConvertResult, type ValidationProblem } from './convert.js';

/** Options of {@link tryProfile}: a sample in memory and the profile text as typed. */
export interface TryProfileOptions {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** The profile as YAML or JSON text (JSON when it starts with `{`). */
  readonly profileText: string;
  readonly params?: Readonly<Record<string, string>> | undefined;
  /** Move every datetime by whole days, e.g. to try the bundled examples' fixed arrival day. */
  readonly dateRebase?: { readonly from: string; readonly to: string } | undefined;
  readonly now?: (() => number) | undefined;
}

/** A problem of the profile itself (syntax, schema, params): the dotted path in the profile and its line there. */
export interface ProfileTextProblem {
  readonly path: string;
  readonly message: string;
  /** 1-based line in the profile text, when it can be told. */
  readonly profileLine: number | null;
}

/** A `validate` problem with the line of the profile field it concerns (when the profile maps that field). */
export interface LocatedProblem extends ValidationProblem {
  readonly profileLine: number | null;
}

/** A file warning with the line of the profile field it concerns. */
export interface LocatedWarning extends FileProblem {
  readonly profileLine: number | null;
}

/** What {@link tryProfile} gives: either the profile's own problems, or the dry run with every problem located. */
export type TryProfileResult =
  | { readonly ok: false; readonly profileProblems: readonly ProfileTextProblem[] }
  | {
      readonly ok: true;
      readonly result: ConvertResult;
      /** File-level problems first, then each notification's, as `tollkit validate` lists them. */
      readonly problems: readonly LocatedProblem[];
      readonly warnings: readonly LocatedWarning[];
    };

const SECTION: Readonly<Record<string, string>> = { transport: 'transport', 'master-consignment': 'master', 'house-consignment': 'house' };

/**
 * The profile workbench's use case: the dry run of `tollkit convert` / `tollkit validate`
 * ({@link convertManifestBytes}: the same parse, plan and one-pass checks) on a sample held in
 * memory with a profile as typed, every problem located at its line in the sample and at the
 * profile field it concerns. Sends nothing, stores nothing, writes nothing.
 *
 * @example
 * const tried = await tryProfile({ bytes, fileName: 'sample.csv', profileText: yamlText });
 * if (tried.ok) for (const p of tried.problems) console.log(p.line, p.field, p.message, p.profileLine);
 */
export async function tryProfile(options: TryProfileOptions): Promise<TryProfileResult> {
  const format = /^\s*\{/u.test(options.profileText) ? 'json' : 'yaml';
  const locate = profileLocator(options.profileText);
  let profile;
  try {
    profile = loadPartnerProfile(options.profileText, format);
  } catch (error) {
    if (error instanceof ProfileInvalidError) return { ok: false, profileProblems: error.issues.map((i) => ({ path: i.path, message: i.message, profileLine: locate(i.path) })) };
    if (error instanceof ManifestError) return { ok: false, profileProblems: [{ path: '', message: error.message, profileLine: yamlErrorLine(error) }] };
    throw error;
  }
  let result: ConvertResult;
  try {
    result = await convertManifestBytes({
      file: options.fileName,
      fileName: options.fileName,
      bytes: options.bytes,
      profile,
      profileName: profile.name,
      params: options.params,
      dateRebase: options.dateRebase,
      now: options.now,
    });
  } catch (error) {
    // The profile loaded but cannot run on this sample as configured (a presentation profile, an unknown param, …).
    if (error instanceof ConfigInvalidError) return { ok: false, profileProblems: error.issues.map((i) => ({ path: i.path, message: i.message, profileLine: locate(i.path) })) };
    if (error instanceof ManifestError || error instanceof AdapterError) return { ok: false, profileProblems: [{ path: '', message: error.message, profileLine: null }] };
    throw error;
  }
  const fieldLine = (level: string | null, field: string): number | null => {
    if (field === '') return null;
    const sections = level === null ? ['transport', 'master', 'house'] : [SECTION[level] ?? ''];
    for (const section of sections) {
      const line = locate(`${section}.fields.${field}`, 3) ?? locate(`${section}.fields.${field.replace(/\[\d+\]/gu, '[]')}`, 3);
      if (line !== null) return line;
    }
    return null;
  };
  return {
    ok: true,
    result,
    problems: problemsOf(result).map((p) => ({ ...p, profileLine: fieldLine(p.level, p.field) })),
    warnings: result.fileWarnings.map((w) => ({ ...w, profileLine: fieldLine(null, w.field) })),
  };
}

/** The line a YAML syntax error names (`… at line 3, column 5`), if any. */
function yamlErrorLine(error: Error): number | null {
  const m = /at line (\d+)/u.exec(error.message);
  return m === null ? null : Number(m[1]);
}

/**
 * Finds the line of a dotted profile path (`house.fields.consignmentHouseLevel.goodsDescription.from`)
 * in the profile text. Keys may themselves contain dots (the target field paths), so at each mapping the
 * longest key that matches the next segments wins. Returns the line of the deepest key matched when at
 * least `minDepth` keys matched, else null.
 */
function profileLocator(text: string): (path: string, minDepth?: number) => number | null {
  const counter = new LineCounter();
  let root: Node | null = null;
  try {
    root = parseDocument(text, { lineCounter: counter, prettyErrors: false }).contents as Node | null;
  } catch {
    root = null;
  }
  return (path, minDepth = 1) => {
    if (root === null || path === '') return null;
    const segments = path.split('.');
    let node: unknown = root;
    let line: number | null = null;
    let depth = 0;
    while (segments.length > 0) {
      if (isMap(node)) {
        let matched = false;
        const map = node;
        for (let k = segments.length; k >= 1 && !matched; k--) {
          const key = segments.slice(0, k).join('.');
          const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
          if (pair !== undefined) {
            const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
            if (start !== undefined) line = counter.linePos(start).line;
            node = pair.value;
            segments.splice(0, k);
            depth++;
            matched = true;
          }
        }
        if (!matched) break;
      } else if (isSeq(node) && /^\d+$/u.test(segments[0] ?? '')) {
        const item: unknown = node.items[Number(segments.shift())];
        const start = (item as { range?: [number, number, number] } | undefined)?.range?.[0];
        if (start !== undefined) line = counter.linePos(start).line;
        node = item;
        depth++;
      } else break;
    }
    return depth >= minDepth ? line : null;
  };
}
