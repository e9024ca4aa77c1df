import {
  DEFAULT_ATTACHMENT_LIMITS,
  checkUploads,
  partitionFiles,
  refusedFilesNote,
  sanitizeFilename,
  typeAllowed,
  type IncomingFile,
} from '../../../shared/domain/attachments';
import { DomainError } from '../../../shared/domain/errors';
import { attachmentsFromOsTicket } from '../../../shared/domain/osticket';

const limits = { maxBytes: 100, maxCount: 2, allowedTypes: ['image/*', 'text/plain', 'application/vnd.oasis.opendocument.*'] };
const fileOf = (filename: string, contentType: string, size = 10): IncomingFile => ({ filename, contentType, content: Buffer.alloc(size, 1) });

function refusal(files: IncomingFile[]): DomainError {
  try {
    checkUploads(files, limits);
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected the upload to be refused');
}

describe('file names', () => {
  test.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\maria\\Desktop\\photo.jpg', 'photo.jpg'],
    ['.htaccess', 'htaccess'],
    ['CON.txt', '_CON.txt'],
    ['lpt1', '_lpt1'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['tab\there\u0000.txt', 'tab here.txt'],
    ['trailing dots...', 'trailing dots'],
    ['', 'attachment'],
    ['/', 'attachment'],
    ['Fehlerbericht März.txt', 'Fehlerbericht März.txt'],
  ])('%j is kept as %j', (given, kept) => {
    expect(sanitizeFilename(given)).toBe(kept);
  });

  test('a very long name is cut to 200 bytes of UTF-8, keeping its extension and whole characters', () => {
    const name = sanitizeFilename(`${'ü'.repeat(300)}.docx`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    expect(name.endsWith('ü.docx')).toBe(true);
    expect(name).not.toContain('\ufffd');
  });
});

describe('types', () => {
  test('exact types, families and parameters', () => {
    expect(typeAllowed('image/png', limits.allowedTypes)).toBe(true);
    expect(typeAllowed('Text/Plain; charset=utf-8', limits.allowedTypes)).toBe(true);
    expect(typeAllowed('application/vnd.oasis.opendocument.text', limits.allowedTypes)).toBe(true);
    expect(typeAllowed('text/html', limits.allowedTypes)).toBe(false);
    expect(typeAllowed('application/x-msdownload', DEFAULT_ATTACHMENT_LIMITS.allowedTypes)).toBe(false);
    expect(typeAllowed('application/vnd.openxmlformats-officedocument.wordprocessingml.document', DEFAULT_ATTACHMENT_LIMITS.allowedTypes)).toBe(true);
  });
});

describe('uploads are refused as a whole, with every problem named', () => {
  test('within the limits nothing is said', () => {
    expect(() => checkUploads([fileOf('a.png', 'image/png'), fileOf('b.txt', 'text/plain')], limits)).not.toThrow();
  });

  test('only sizes wrong: 413', () => {
    const err = refusal([fileOf('big.png', 'image/png', 101)]);
    expect(err.code).toBe('too_large');
    expect(err.details).toEqual([{ path: 'attachments.0', message: 'big.png: the file is 101 bytes; files may be at most 100 bytes' }]);
  });

  test('a type, a count and an empty file: 400 listing each', () => {
    const err = refusal([fileOf('a.exe', 'application/x-msdownload'), fileOf('b.txt', 'text/plain', 0), fileOf('c.png', 'image/png')]);
    expect(err.code).toBe('validation_failed');
    expect(err.details.map((d) => d.path)).toEqual(['attachments', 'attachments.0', 'attachments.1']);
    expect(err.message).toMatch(/at most 2 files.*a\.exe: files of type application\/x-msdownload are not accepted.*b\.txt: the file is empty/);
  });
});

describe('mail keeps what it can', () => {
  test('files within the limits are kept in order up to the count; the rest are named with the reason', () => {
    const { kept, refused } = partitionFiles(
      [fileOf('a.png', 'image/png'), fileOf('virus.exe', 'application/x-msdownload'), fileOf('b.txt', 'text/plain'), fileOf('c.png', 'image/png')],
      limits,
    );
    expect(kept.map((f) => f.filename)).toEqual(['a.png', 'b.txt']);
    expect(refused).toEqual([
      { filename: 'virus.exe', reason: expect.stringContaining('not accepted') },
      { filename: 'c.png', reason: 'only 2 files are kept per message' },
    ]);
    expect(refusedFilesNote(refused)).toBe(`[attachment "virus.exe" was not kept: ${refused[0]!.reason}]\n[attachment "c.png" was not kept: only 2 files are kept per message]`);
  });
});

describe("osTicket's attachments", () => {
  test('as its documentation shows them: file name to data URL, the type from the URL', () => {
    const got = attachmentsFromOsTicket([{ 'file.txt': 'data:text/plain;charset=utf-8,content' }, { 'image.png': 'data:image/png;base64,iVBORw0K' }]);
    expect(got.ok && got.value.map((f) => [f.filename, f.contentType, f.content.toString('base64')])).toEqual([
      ['file.txt', 'text/plain', Buffer.from('content').toString('base64')],
      ['image.png', 'image/png', 'iVBORw0K'],
    ]);
  });

  test('one object with several names, and no type (text/plain, as in osTicket)', () => {
    const got = attachmentsFromOsTicket({ 'a.txt': 'data:,hello%20there', 'b.txt': 'data:;base64,aGk=' });
    expect(got.ok && got.value.map((f) => [f.filename, f.contentType, f.content.toString()])).toEqual([
      ['a.txt', 'text/plain', 'hello there'],
      ['b.txt', 'text/plain', 'hi'],
    ]);
  });

  test('anything else says what the format is', () => {
    expect(attachmentsFromOsTicket(['file.txt'])).toEqual({ ok: false, message: expect.stringContaining('attachments must be a list of {"<file name>": "data:') });
    expect(attachmentsFromOsTicket([{ 'file.txt': 42 }])).toEqual({ ok: false, message: expect.stringContaining('attachments must be a list') });
    expect(attachmentsFromOsTicket([{ 'file.txt': 'plain text' }])).toEqual({ ok: false, message: 'attachment file.txt must be a data URL (data:<type>;base64,<data>)' });
    expect(attachmentsFromOsTicket(undefined)).toEqual({ ok: true, value: [] });
  });
});
