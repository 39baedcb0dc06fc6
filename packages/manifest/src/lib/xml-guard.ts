/** Checks run on XML text before it reaches the parser: DOCTYPE/ENTITY refusal and nesting depth. */

export interface GuardFinding {
  readonly code: 'XML_DOCTYPE_REFUSED' | 'XML_ENTITY_REFUSED' | 'XML_TOO_DEEP';
  readonly index: number;
  readonly message: string;
}

/** Line starts of `text`, for turning indexes into 1-based line numbers. */
export function lineIndex(text: string): (index: number) => number {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * Walks the markup once. Refuses `<!DOCTYPE` and `<!ENTITY` outside comments and CDATA (they
 * enable entity expansion bombs and external entities, XXE), and element nesting deeper than
 * `maxDepth`.
 */
export function guardXml(text: string, maxDepth: number): GuardFinding | undefined {
  let depth = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return undefined; // unterminated: the validator reports it
      i = text.indexOf('<', end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) return undefined;
      i = text.indexOf('<', end + 3);
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return undefined;
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (text.startsWith('<!', i)) {
      const word = text.slice(i + 2, i + 9).toUpperCase();
      if (word.startsWith('DOCTYPE')) {
        const decl = text.slice(i, Math.min(text.length, i + 400));
        const external = /\b(SYSTEM|PUBLIC)\s+["']([^"']*)["']/u.exec(decl);
        const entities = /<!ENTITY/iu.test(text.slice(i, Math.min(text.length, i + 100_000)));
        const what = [
          external === null ? undefined : `an external reference (${external[1]} "${external[2]}")`,
          entities ? 'entity definitions' : undefined,
        ].filter((w) => w !== undefined);
        return {
          code: 'XML_DOCTYPE_REFUSED',
          index: i,
          message: `the file contains a DOCTYPE declaration${what.length > 0 ? ` with ${what.join(' and ')}` : ''}; DOCTYPEs are refused because entity expansion can blow up memory ("billion laughs") and external entities can read local files or the network (XXE). Export the manifest without a DOCTYPE`,
        };
      }
      if (word.startsWith('ENTITY')) {
        return { code: 'XML_ENTITY_REFUSED', index: i, message: 'the file declares an entity (<!ENTITY …>); entity declarations are refused (entity expansion and external entities are attack vectors)' };
      }
      i = text.indexOf('<', i + 2);
      continue;
    }
    const end = text.indexOf('>', i + 1);
    if (end === -1) return undefined;
    if (text[i + 1] === '/') depth--;
    else if (text[end - 1] !== '/') {
      depth++;
      if (depth > maxDepth) {
        return { code: 'XML_TOO_DEEP', index: i, message: `elements are nested more than ${maxDepth} levels deep (limits.maxXmlDepth)` };
      }
    }
    i = text.indexOf('<', end + 1);
  }
  return undefined;
}
