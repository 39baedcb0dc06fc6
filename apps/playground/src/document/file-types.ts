import { UPLOAD_DOCUMENT_TYPE_VALUES } from '@tollkit/codesets';

/** Largest document file the API takes: 10 MB (docs/digitoll.md §4.5; 10 × 1024 × 1024 bytes, like the client). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Room for the multipart framing and the metadata part on top of the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Document types (docs/digitoll.md §4.5), exactly as the `metadata.documentType` values (the code list in `@tollkit/codesets`). */
export const DOCUMENT_TYPES = UPLOAD_DOCUMENT_TYPE_VALUES;

interface FileKind {
  contentType: string;
  /** Other media types a client may label the part with. */
  aliases: readonly string[];
  /** Checks the first bytes; returns why they do not fit, or undefined. */
  sniff: (bytes: Uint8Array) => string | undefined;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4 (Office Open XML is a zip package)

const jpeg: FileKind = { contentType: 'image/jpeg', aliases: ['image/jpg', 'image/pjpeg'], sniff: (b) => (startsWith(b, JPEG) ? undefined : 'it is not a JPEG image (no FF D8 FF signature)') };
const ooxml = (contentType: string, what: string): FileKind => ({
  contentType,
  aliases: [],
  sniff: (b) => (startsWith(b, ZIP) ? undefined : `it is not a ${what} document (an Office Open XML file is a zip package starting with PK)`),
});

/** Accepted file extensions and what their bytes must look like. */
export const FILE_KINDS: Readonly<Record<string, FileKind>> = {
  pdf: { contentType: 'application/pdf', aliases: ['application/x-pdf'], sniff: (b) => (startsWith(b, PDF) ? undefined : 'it is not a PDF (it does not start with %PDF-)') },
  jpg: jpeg,
  jpeg,
  png: { contentType: 'image/png', aliases: [], sniff: (b) => (startsWith(b, PNG) ? undefined : 'it is not a PNG image (no PNG signature)') },
  txt: {
    contentType: 'text/plain',
    aliases: [],
    sniff: (b) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
        return undefined;
      } catch {
        return 'it is not UTF-8 text';
      }
    },
  },
  docx: ooxml('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word (.docx)'),
  xlsx: ooxml('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel (.xlsx)'),
};

/** `.pdf, .jpg, .jpeg, .png, .txt, .docx, .xlsx` */
export const ACCEPTED_EXTENSIONS_TEXT = Object.keys(FILE_KINDS).map((e) => `.${e}`).join(', ');

/**
 * Checks a file part: a file name with an accepted extension, a part content type that is absent, generic
 * (`application/octet-stream`) or the extension's type, and bytes that look like that type. Returns the media type
 * the document is stored as, or the reasons it is refused (size is checked by the caller).
 */
export function checkFile(fileName: string, partType: string, bytes: Uint8Array): { ok: true; contentType: string } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (fileName.trim().length === 0) return { ok: false, errors: [`the file part needs a file name ending in ${ACCEPTED_EXTENSIONS_TEXT}`] };
  if (fileName.length > 255) errors.push('file name: size must be between 1 and 255');
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const kind = extension === undefined ? undefined : FILE_KINDS[extension];
  if (kind === undefined) return { ok: false, errors: [...errors, `file type of ${JSON.stringify(fileName)} is not accepted; the file name must end in ${ACCEPTED_EXTENSIONS_TEXT}`] };
  const declared = partType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (declared !== '' && declared !== 'application/octet-stream' && declared !== kind.contentType && !kind.aliases.includes(declared)) {
    errors.push(`content type ${declared} does not match the file name's extension .${extension ?? ''} (expected ${kind.contentType})`);
  }
  if (bytes.byteLength > 0) {
    const reason = kind.sniff(bytes);
    if (reason !== undefined) errors.push(`the content of ${JSON.stringify(fileName)} does not match its extension: ${reason}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, contentType: kind.contentType };
}
