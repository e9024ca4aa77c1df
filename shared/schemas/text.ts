// Text fields of every schema: trimmed, bounded, and free of control characters where they would
// do harm.
import { z } from 'zod';

export const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(max, { error: `${what} must be at most ${max.toLocaleString('en')} characters` });

// One-line fields end up in e-mail headers and table cells: no line breaks or other control
// characters. Multi-line text may hold tabs and line breaks, nothing else below U+0020.
export const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;
export const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
export const line = (max: number, what: string) => text(max, what).regex(ONE_LINE, { error: `${what} must be a single line without control characters` });

