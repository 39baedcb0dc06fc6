import { createHash } from 'node:crypto';
import { IntakeFileTooLargeError, IntakeSizeMismatchError } from '../../errors.js';
import type { ReadFile } from '../channel.js';

/**
 * Collects a byte stream, hashing as it goes; stops as soon as more than `maxBytes` arrive and
 * checks the total against `expectedSize`.
 */
export async function collectVerified(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  name: string,
  expectedSize: number,
  maxBytes: number,
): Promise<ReadFile> {
  if (expectedSize > maxBytes) throw new IntakeFileTooLargeError(name, expectedSize, maxBytes);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buffer.byteLength;
    if (size > maxBytes) throw new IntakeFileTooLargeError(name, size, maxBytes);
    hash.update(buffer);
    chunks.push(buffer);
  }
  if (size !== expectedSize) throw new IntakeSizeMismatchError(name, expectedSize, size);
  return { bytes: Buffer.concat(chunks, size), size, contentHash: `sha256:${hash.digest('hex')}` };
}
