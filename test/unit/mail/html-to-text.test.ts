// HTML to text with html-to-text: what a ticket form or mail client sends, as readable text.
import { MAX_HTML_CHARS } from '../../../shared/domain/osticket';
import { htmlToText } from '../../../shared/mail/html-to-text';

test('scripts and styles go, blocks and breaks become lines, entities decode', () => {
  const html = '<html><head><style>p{}</style></head><body><script>alert(1)</script><h1>Title</h1>\n<p>One<br>Two &lt;tag&gt; &#233;&#x41;</p><ul><li>a</li><li>b</li></ul><!-- hidden --></body></html>';
  expect(htmlToText(html)).toEqual({ text: 'Title\n\nOne\nTwo <tag> éA\n\n- a\n- b', truncated: false });
});

test('links keep their text only; images leave nothing', () => {
  expect(htmlToText('<p>See <a href="https://x.example/">the guide</a><img src="cid:1" alt="logo"></p>').text).toBe('See the guide');
});

test('HTML longer than the limit is converted up to the limit, and says so', () => {
  const html = `<p>${'a'.repeat(MAX_HTML_CHARS)}</p><p>lost</p>`;
  const { text, truncated } = htmlToText(html);
  expect(truncated).toBe(true);
  expect(text).not.toContain('lost');
  expect(text.length).toBe(MAX_HTML_CHARS - 3);
});

test('a stray `<` is text, not the start of a tag that swallows the rest', () => {
  expect(htmlToText('1 < 2 and <b>bold</b>').text).toBe('1 < 2 and bold');
});
