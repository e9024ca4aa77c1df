// HTML to text: the input is cut before it is parsed, so its cost is bounded whatever it holds.
import { htmlToText } from '../../../shared/mail/html-to-text';
import { assertLinear, worst } from './growth';

test('htmlToText grows no faster than its input', async () => {
  await assertLinear(htmlToText, [worst('<'), worst('<div>'), worst('<table><tr><td>')], 3);
});
