// Files on thread entries: checked against the limits before anything is stored, stored by content
// hash, and read back only by someone who may read the entry they belong to.
import { createHash } from 'node:crypto';
import { lookup } from 'mime-types';
import {
  checkUploads,
  essence,
  extensionOf,
  partitionFiles,
  sanitizeFilename,
  storedType,
  type AttachmentRef,
  type IncomingFile,
  type RefusedFile,
} from '../domain/attachments';
import { notFound } from '../domain/errors';
import type { ThreadEntry } from '../domain/model';
import type { AppDeps } from './deps';

/** A file as a client or an e-mail names it: the type may be missing or generic. */
export interface Upload {
  filename: string;
  contentType?: string | null;
  content: Buffer;
}

/**
 * The name made safe, the type as declared, and what the name's extension says in the type table;
 * the domain's rules decide whether the two agree and which type the file is kept as.
 */
export function incomingFile(upload: Upload): IncomingFile {
  const filename = sanitizeFilename(upload.filename);
  const extension = extensionOf(filename);
  // The extension alone: lookup() of a bare name would take `pdf` (no dot) for a PDF.
  return { filename, contentType: essence(upload.contentType ?? ''), content: upload.content, extension, extensionType: (extension && lookup(extension)) || null };
}

/** References for files about to be stored: new ids, and the hash under which the bytes go. */
function referencesFor(deps: Pick<AppDeps, 'newId'>, files: readonly IncomingFile[]): AttachmentRef[] {
  return files.map((f) => ({
    id: deps.newId(),
    filename: f.filename,
    contentType: storedType(f),
    size: f.content.byteLength,
    sha256: createHash('sha256').update(f.content).digest('hex'),
  }));
}

/**
 * A prepared upload: the files checked (the whole request refused when any breaks a limit) and
 * their references made, nothing stored yet. `store` then stores them, before the entry that
 * refers to them is written.
 */
export interface PreparedFiles {
  refs: AttachmentRef[];
  store(): Promise<void>;
}

function prepared(deps: Pick<AppDeps, 'attachments' | 'newId'>, files: IncomingFile[]): PreparedFiles {
  const refs = referencesFor(deps, files);
  return {
    refs,
    store: async () => {
      await Promise.all(files.map((f, i) => deps.attachments.put(refs[i]!.sha256, f.content)));
    },
  };
}

export function prepareUploads(deps: Pick<AppDeps, 'attachments' | 'attachmentLimits' | 'newId'>, uploads: readonly Upload[], path = 'attachments'): PreparedFiles {
  const files = uploads.map(incomingFile);
  checkUploads(files, deps.attachmentLimits, path);
  return prepared(deps, files);
}

/** Mail cannot be sent back to be fixed: what breaks a limit is left out and named instead. */
export function prepareMailFiles(deps: Pick<AppDeps, 'attachments' | 'attachmentLimits' | 'newId'>, uploads: readonly Upload[]): PreparedFiles & { refused: RefusedFile[] } {
  const { kept, refused } = partitionFiles(uploads.map(incomingFile), deps.attachmentLimits);
  return { ...prepared(deps, kept), refused };
}

export const NO_FILES: PreparedFiles = { refs: [], store: async () => {} };

/** What clients see of a file: no storage details, and where to download it. */
export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

/** The entry's files as clients see them, downloadable under `baseUrl`; undefined when it has none. */
export function attachmentViews(entry: Pick<ThreadEntry, 'attachments'>, baseUrl: string): AttachmentView[] | undefined {
  if (!entry.attachments?.length) return undefined;
  return entry.attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, url: `${baseUrl}/${a.id}` }));
}

export interface Download {
  ref: AttachmentRef;
  content: Buffer;
}

/** The file of one of these entries (those the reader may see), or 404. */
export async function downloadFrom(deps: Pick<AppDeps, 'attachments'>, entries: readonly ThreadEntry[], number: string, attachmentId: string): Promise<Download> {
  const ref = entries.flatMap((e) => e.attachments ?? []).find((a) => a.id === attachmentId);
  if (!ref) throw notFound(`Ticket #${number} has no attachment ${attachmentId}`);
  const content = await deps.attachments.get(ref.sha256);
  // The entry names it but storage lost it: say so rather than serve nothing.
  if (!content) throw notFound(`The file ${ref.filename} of ticket #${number} is missing from storage`);
  return { ref, content };
}
