import fc from 'fast-check';
import { lookup, types } from 'mime-types';
import {
  DEFAULT_ATTACHMENT_LIMITS,
  GENERIC_TYPES,
  TYPE_ALIASES,
  checkUploads,
  extensionOf,
  fileProblem,
  fileType,
  partitionFiles,
  refusedFilesNote,
  sanitizeFilename,
  typeAllowed,
  typeFamily,
  type IncomingFile,
} from '../../../shared/domain/attachments';
import { DomainError } from '../../../shared/domain/errors';
import { attachmentsFromOsTicket } from '../../../shared/domain/osticket';

const limits = { maxBytes: 100, maxCount: 2, allowedTypes: ['image/*', 'text/plain', 'application/vnd.oasis.opendocument.*'] };
/** A file as the application layer hands it over: the extension's type from the same table (mime-types). */
const fileOf = (filename: string, contentType: string, size = 10): IncomingFile => {
  const extension = extensionOf(filename);
  return { filename, contentType, content: Buffer.alloc(size, 1), extension, extensionType: (extension && lookup(extension)) || null };
};

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

describe("a file's declared type must agree with its name", () => {
  const defaults = DEFAULT_ATTACHMENT_LIMITS;
  const verdict = (name: string, type: string) => fileType(fileOf(name, type));

  test.each([
    ['invoice.html', 'image/png', 'it is sent as image/png but its name ends in .html, which is text/html; send it as text/html, or give it the extension of a image/png file'],
    ['logo.svg', 'image/png', 'it is sent as image/png but its name ends in .svg, which is image/svg+xml; send it as image/svg+xml, or give it the extension of a image/png file'],
    ['notes.txt', 'application/pdf', 'it is sent as application/pdf but its name ends in .txt, which is text/plain; send it as text/plain, or give it the extension of a application/pdf file'],
    ['report.pdf', 'application/zip', 'it is sent as application/zip but its name ends in .pdf, which is application/pdf; send it as application/pdf, or give it the extension of a application/zip file'],
    ['tool.jar', 'application/zip', 'it is sent as application/zip but its name ends in .jar, which is application/java-archive; send it as application/java-archive, or give it the extension of a application/zip file'],
    ['run.vbs', 'text/plain', 'it is sent as text/plain but its name ends in .vbs, which names no type this help desk knows; give it the extension of a text/plain file'],
  ])('%s sent as %s is refused, naming both', (name, type, problem) => {
    expect(verdict(name, type)).toEqual({ ok: false, problem });
    expect(fileProblem(fileOf(name, type), defaults)).toBe(problem);
  });

  test.each([
    // [name, as sent, kept as, who sends it]
    ['export.csv', 'application/vnd.ms-excel', 'text/csv'], // browsers on Windows with Excel
    ['export.csv', 'text/plain', 'text/csv'], // scripts that sniff the bytes
    ['photo.jpg', 'image/pjpeg', 'image/jpeg'], // old Internet Explorer
    ['photo.jpg', 'image/png', 'image/jpeg'], // a picture saved under the other name: still a picture
    ['archive.zip', 'application/x-zip-compressed', 'application/zip'], // Windows
    ['message.eml', 'message/rfc822', 'message/rfc822'],
    ['notes.txt', 'text/plain; charset=windows-1252', 'text/plain'],
    ['Notes.TXT', 'Text/Plain', 'text/plain'],
    ['spooler.log', 'text/x-log', 'text/plain'],
    ['letter.docx', 'application/zip', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], // PHP's finfo
    ['letter.doc', 'application/vnd.ms-office', 'application/msword'],
    ['feed.xml', 'text/xml', 'application/xml'], // Firefox
    ['README', 'text/plain', 'text/plain'], // no extension: nothing to disagree with
  ])('%s sent as %s is kept as %s', (name, type, kept) => {
    expect(verdict(name, type)).toEqual({ ok: true, type: kept });
  });

  test('application/octet-stream (or no type) says nothing: the name decides, as before', () => {
    expect(verdict('invoice.pdf', 'application/octet-stream')).toEqual({ ok: true, type: 'application/pdf' });
    expect(verdict('invoice.pdf', '')).toEqual({ ok: true, type: 'application/pdf' });
    expect(verdict('data.qqq', 'application/octet-stream')).toEqual({ ok: true, type: 'application/octet-stream' });
    expect(fileProblem(fileOf('data.qqq', 'application/octet-stream'), defaults)).toMatch(/^files of type application\/octet-stream are not accepted/);
  });

  test('a declared type refused anyway is named first; a name whose type is refused says so', () => {
    expect(fileProblem(fileOf('setup.exe', 'application/x-msdownload'), defaults)).toMatch(/^files of type application\/x-msdownload are not accepted/);
    expect(fileProblem(fileOf('readme.md', 'text/plain'), defaults)).toMatch(/^files of type text\/markdown \(what its name, \.md, says; it was sent as text\/plain\) are not accepted/);
  });

  test('an upload refuses the whole request naming the file, its type and its extension; mail leaves the file out and names it', () => {
    const err = refusal([fileOf('a.png', 'image/png'), fileOf('invoice.html', 'image/png')]);
    expect(err.code).toBe('validation_failed');
    expect(err.details).toEqual([{ path: 'attachments.1', message: expect.stringMatching(/^invoice\.html: it is sent as image\/png but its name ends in \.html/) }]);
    const { kept, refused } = partitionFiles([fileOf('invoice.html', 'image/png'), fileOf('a.png', 'image/png')], limits);
    expect(kept.map((f) => f.filename)).toEqual(['a.png']);
    expect(refusedFilesNote(refused)).toMatch(/^\[attachment "invoice\.html" was not kept: it is sent as image\/png but its name ends in \.html, which is text\/html;/);
  });

  test('every alias is documented and none makes an active type pass as another', () => {
    for (const alias of TYPE_ALIASES) {
      expect(alias.why.length).toBeGreaterThan(10);
      expect(alias.declared.every((d) => d === d.toLowerCase() && !GENERIC_TYPES.has(d))).toBe(true);
    }
    expect(['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript', 'text/x-component'].map(typeFamily)).toEqual([
      'text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript', 'text/x-component',
    ]);
  });

  // Properties over the whole type table (every extension mime-types knows).
  const table = Object.entries(types);
  const extensions = fc.constantFrom(...table.map(([ext]) => ext));
  const known = fc.constantFrom(...table);
  const stem = fc.stringMatching(/^[A-Za-z0-9 _-]{1,20}$/);
  const ACTIVE = ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript', 'application/xml', 'text/x-component'];

  test('a file sent as its own extension\'s type, in any case and with parameters, is kept as that type', () => {
    fc.assert(
      fc.property(stem, known, fc.boolean(), (name, [ext, type], upper) => {
        const sent = upper ? `${type.toUpperCase()}; charset=utf-8` : type;
        expect(fileType(fileOf(`${name}.${upper ? ext.toUpperCase() : ext}`, sent))).toEqual({ ok: true, type });
      }),
    );
  });

  test('a generic or missing type never disagrees: the name decides', () => {
    fc.assert(
      fc.property(stem, extensions, fc.constantFrom(...GENERIC_TYPES), (name, ext, generic) => {
        expect(fileType(fileOf(`${name}.${ext}`, generic))).toEqual({ ok: true, type: types[ext] });
      }),
    );
  });

  test('a file named for a type that runs code is refused when sent as any type but its own or a listed alias', () => {
    const active = table.filter(([, type]) => ACTIVE.includes(type));
    fc.assert(
      fc.property(stem, fc.constantFrom(...active), known, (name, [ext, type], [, sent]) => {
        const alias = TYPE_ALIASES.some((a) => a.nameType === type && a.declared.includes(sent));
        fc.pre(sent !== type && !alias && !GENERIC_TYPES.has(sent));
        const got = fileType(fileOf(`${name}.${ext}`, sent));
        expect(got).toEqual({ ok: false, problem: expect.stringContaining(`sent as ${sent} but its name ends in .${ext}, which is ${type}`) });
      }),
    );
  });

  test('whatever the name and type, an accepted file is kept as its name\'s type, and a refusal names the file\'s extension and type', () => {
    fc.assert(
      fc.property(stem, extensions, known, (name, ext, [, sent]) => {
        const got = fileType(fileOf(`${name}.${ext}`, sent));
        if (got.ok) expect(got.type).toBe(types[ext]);
        else expect(got.problem).toContain(`it is sent as ${sent} but its name ends in .${ext}`);
      }),
    );
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
