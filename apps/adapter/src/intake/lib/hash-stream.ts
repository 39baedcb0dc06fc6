import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { IntakeFileTooLargeError, IntakeSizeMismatchError } from '../../errors.js';
import type { FileDigest, ReadFile } from '../channel.js';

/**
 * Reads a byte stream through, hashing as it goes, handing each chunk to `keep` (if given); stops as soon
 * as more than `maxBytes` arrive and checks the total against `expectedSize`.
 */
async function verifyStream(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  name: string,
  expectedSize: number,
  maxBytes: number,
  keep?: (chunk: Buffer) => void | Promise<void>,
): Promise<FileDigest> {
  if (expectedSize > maxBytes) throw new IntakeFileTooLargeError(name, expectedSize, maxBytes);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buffer.byteLength;
    if (size > maxBytes) throw new IntakeFileTooLargeError(name, size, maxBytes);
    hash.update(buffer);
    await keep?.(buffer);
  }
  if (size !== expectedSize) throw new IntakeSizeMismatchError(name, expectedSize, size);
  return { size, contentHash: `sha256:${hash.digest('hex')}` };
}

/** Collects a byte stream with {@link verifyStream}'s checks, returning the bytes too. */
export async function collectVerified(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  name: string,
  expectedSize: number,
  maxBytes: number,
): Promise<ReadFile> {
  const chunks: Buffer[] = [];
  const digest = await verifyStream(stream, name, expectedSize, maxBytes, (chunk) => {
    chunks.push(chunk);
  });
  return { ...digest, bytes: Buffer.concat(chunks, digest.size) };
}

/** Hashes a byte stream with {@link verifyStream}'s checks, keeping nothing. */
export function digestVerified(stream: AsyncIterable<Buffer | Uint8Array | string>, name: string, expectedSize: number, maxBytes: number): Promise<FileDigest> {
  return verifyStream(stream, name, expectedSize, maxBytes);
}

/**
 * Writes a byte stream to a new local file (`path` must not exist) with {@link verifyStream}'s checks;
 * a failed or refused copy is removed.
 */
export async function saveVerified(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  name: string,
  expectedSize: number,
  maxBytes: number,
  path: string,
): Promise<FileDigest> {
  // The caller owns `stream` and closes it if this gives up before reading it (see the channels' readThrough).
  const handle = await open(path, 'wx');
  try {
    const digest = await verifyStream(stream, name, expectedSize, maxBytes, async (chunk) => {
      await handle.write(chunk);
    });
    await handle.close();
    return digest;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
}
