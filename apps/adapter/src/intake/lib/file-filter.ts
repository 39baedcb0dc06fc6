import picomatch from 'picomatch';

/** Names producers use while a file is still being written; never candidates. */
const TEMPORARY = picomatch(['.*', '*.tmp', '*.part', '*.filepart', '*~'], { dot: true });

/** Decides which inbox names are manifest candidates. */
export interface FileFilter {
  /** Include/exclude globs pass and the name is not temporary or a done-marker. */
  isCandidate(name: string): boolean;
  /** The name is a done-marker (`<file><doneSuffix>`). */
  isDoneMarker(name: string): boolean;
  /**
   * A file no pattern takes and none deliberately leaves out: not temporary, not a done-marker, not
   * excluded, but matching no include glob — it would sit in the inbox for ever.
   */
  isUnmatched(name: string): boolean;
}

/** Builds the filter for a channel (globs match the file name only, case-insensitively). */
export function createFileFilter(options: { include: readonly string[]; exclude: readonly string[]; doneSuffix: string }): FileFilter {
  const include = picomatch([...options.include], { dot: false, nocase: true });
  const exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true, nocase: true }) : () => false;
  const isDoneMarker = (name: string): boolean => options.doneSuffix !== '' && name.endsWith(options.doneSuffix);
  return {
    isDoneMarker,
    isCandidate: (name) => !TEMPORARY(name) && !isDoneMarker(name) && include(name) && !exclude(name),
    isUnmatched: (name) => !TEMPORARY(name) && !isDoneMarker(name) && !exclude(name) && !include(name),
  };
}
