// Files at the HTTP edge: base64 uploads in JSON bodies become Uploads; a stored file goes back
// out as a download that a browser saves and never renders in the API's origin.
import contentDisposition from 'content-disposition';
import type { Download, Upload } from '../app/attachments';
import type { AttachmentUpload } from '../schemas/api';
import type { HttpResponseInit } from './functions';

export function uploadsOf(files: readonly AttachmentUpload[] | undefined): Upload[] {
  return (files ?? []).map((f) => ({ filename: f.filename, contentType: f.contentType ?? null, content: Buffer.from(f.data, 'base64') }));
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
      'Content-Disposition': contentDisposition(ref.filename, { type: 'attachment' }),
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      ETag: `"${ref.sha256}"`,
    },
  };
}
