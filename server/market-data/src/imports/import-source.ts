// Where an import's data comes from: inline text in the request, or an object-storage key (the
// suite's S3 bucket or the embedded data folder). Exactly one of the two must be given.
import type { ObjectStorage } from '@kestrel/server-common';
import { marketError } from '../errors.js';
import type { ImportFormatError } from '../domain/import-format-error.js';

/** Inline data or an object key. */
export interface ImportSource {
  inline?: string;
  objectKey?: string;
}

/** The text of the source (UTF-8); MARKET_IMPORT_SOURCE_MISSING / MARKET_IMPORT_OBJECT_NOT_FOUND otherwise. */
export async function readImportText(storage: ObjectStorage, source: ImportSource, what: string): Promise<string> {
  const hasInline = source.inline !== undefined;
  const hasKey = source.objectKey !== undefined;
  if (hasInline === hasKey) throw marketError('MARKET_IMPORT_SOURCE_MISSING', `Give the ${what} either inline or as an object-storage key (exactly one)`);
  if (hasInline) return source.inline!;
  try {
    const object = await storage.getBuffer(source.objectKey!);
    return object.body.toString('utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A key storage refuses (control characters, '..' segments) cannot name an object either.
    if (code === 'STORAGE_NOT_FOUND' || code === 'STORAGE_INVALID_KEY') {
      throw marketError('MARKET_IMPORT_OBJECT_NOT_FOUND', `No object ${JSON.stringify(source.objectKey)} in object storage`);
    }
    throw error;
  }
}

/** MARKET_IMPORT_INVALID with the file, line and data code of a bad row. */
export function importError(error: ImportFormatError): Error {
  return marketError('MARKET_IMPORT_INVALID', error.message, { code: error.code, file: error.file, line: error.line });
}
