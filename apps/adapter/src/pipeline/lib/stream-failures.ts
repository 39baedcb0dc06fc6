/**
 * Tags for errors that surface while a manifest is streamed from its channel through the parser
 * into the store: the pipeline must tell a channel read error (retry later) from a parser error
 * (the file fails) and from a store error (retry later).
 */

/** Reading the claimed file from the channel failed (retry later; the file is not at fault). */
export class ChannelReadFailure extends Error {
  readonly code = 'PIPELINE_CHANNEL_READ_FAILED';
  readonly category = 'transient';
  constructor(cause: unknown) {
    super(`reading the claimed file failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ChannelReadFailure';
  }
}

/** The parser threw while mapping the file (the file fails with this code). */
export class ManifestParseFailure extends Error {
  readonly code: string;
  readonly category = 'bad-data';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ManifestParseFailure';
    this.code = (cause as { code?: unknown } | null)?.code !== undefined ? String((cause as { code: unknown }).code) : 'MANIFEST_UNREADABLE';
  }
}

/** The bytes of a channel stream; read errors become {@link ChannelReadFailure}. */
export async function* tagReadFailures(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (error) {
    throw error instanceof ChannelReadFailure ? error : new ChannelReadFailure(error);
  }
}

/** The records of a parse; parser errors become {@link ManifestParseFailure} (read failures pass). */
export async function* tagParseFailures<T>(records: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = records[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw error instanceof ChannelReadFailure || error instanceof ManifestParseFailure ? error : new ManifestParseFailure(error);
    }
    if (next.done === true) return;
    yield next.value;
  }
}
