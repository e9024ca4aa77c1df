// Files at the HTTP edge: base64 uploads in JSON bodies become Uploads; a stored file goes back
// out as a download that a browser saves and never renders in the API's origin.
import type { z } from 'zod';
import contentDisposition from 'content-disposition';
import { prepareUploads, type Download, type PreparedFiles } from '../app/attachments';
import type { AppDeps } from '../app/deps';
import type { AttachmentUpload } from '../schemas/api';
import type { HttpRequest, HttpResponseInit } from '../host/http-types';
import { readJson } from './requests';

/**
 * A JSON body that may carry files: read within the larger limit files allow, and its files
 * decoded and checked (the request refused when one breaks a limit), nothing stored yet.
 */
export async function readJsonWithFiles<S extends z.ZodType<{ attachments?: AttachmentUpload[] | undefined }>>(
  request: HttpRequest,
  schema: S,
  deps: Pick<AppDeps, 'attachments' | 'attachmentLimits' | 'newId'>,
): Promise<{ body: z.output<S>; files: PreparedFiles }> {
  const body = await readJson(request, schema, { files: deps.attachmentLimits });
  const uploads = (body.attachments ?? []).map((f) => {
    const content = Buffer.from(f.data, 'base64');
    // The base64 text (4/3 of the file) is let go once decoded: a request holds its files once.
    f.data = '';
    return { filename: f.filename, contentType: f.contentType ?? null, content };
  });
  return { body, files: prepareUploads(deps, uploads) };
}

/**
 * The plain-ASCII name for clients that ignore `filename*`: accents dropped (März → Marz), other
 * characters left out. Headers stay ASCII, which every HTTP stack passes unchanged.
 */
function asciiName(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_').trim();
  const extension = /\.[^.\s]*$/.exec(ascii)?.[0] ?? '';
  // 報告.txt leaves only ".txt": name it attachment.txt rather than a hidden file.
  return ascii.slice(0, ascii.length - extension.length).trim() ? ascii : `attachment${extension}`;
}

export function fileResponse({ ref, content }: Download): HttpResponseInit {
  return {
    status: 200,
    body: content,
    headers: {
      'Content-Type': ref.contentType,
      'Content-Length': String(content.byteLength),
      // Always a download with its (sanitised) name: an uploaded HTML or SVG file must not run
      // as a page of this site, whatever type it claims.
      'Content-Disposition': contentDisposition(ref.filename, { type: 'attachment', fallback: asciiName(ref.filename) }),
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      ETag: `"${ref.sha256}"`,
    },
  };
}
