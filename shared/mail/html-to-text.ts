// HTML to readable text, with html-to-text (the converter mailparser uses too): the one module that
// imports it. Its parser's cost grows with the square of how deeply tags nest (each open tag walks
// the stack), so the input is cut to MAX_HTML_CHARS before it is parsed: no HTML costs more than
// that much of the worst HTML costs.
import { convert, type HtmlToTextOptions } from 'html-to-text';
import { MAX_HTML_CHARS } from '../domain/osticket';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    ...HEADINGS,
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
  // maxInputLength is a second guard only: the input is already cut (html-to-text would log to stderr).
  limits: { maxDepth: 100, maxInputLength: MAX_HTML_CHARS },
};

/** True for a high surrogate: cutting after it would leave half a character. */
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Scripts, styles and comments dropped, blocks and <br> become line breaks, list items get a dash,
 * entities decoded. HTML longer than MAX_HTML_CHARS is converted up to there (`truncated`).
 */
export function htmlToText(html: string): { text: string; truncated: boolean } {
  if (html.length <= MAX_HTML_CHARS) return { text: convert(html, OPTIONS), truncated: false };
  const end = isHighSurrogate(html.charCodeAt(MAX_HTML_CHARS - 1)) ? MAX_HTML_CHARS - 1 : MAX_HTML_CHARS;
  return { text: convert(html.slice(0, end), OPTIONS), truncated: true };
}
