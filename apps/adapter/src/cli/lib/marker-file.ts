import { readFile, rename, writeFile } from 'node:fs/promises';

/** Reads a stored routing marker; `undefined` when the file does not exist yet. */
export async function readMarker(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Stores the marker atomically (temp file, then rename). */
export async function writeMarker(path: string, marker: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${marker}\n`);
  await rename(temp, path);
}
