// File names from outside (mail parts, uploads, osTicket's attachment keys) are sanitised in linear time.
import { sanitizeFilename } from '../../../shared/domain/attachments';
import { assertLinear, worst } from './growth';

test('sanitizeFilename grows no faster than its input', async () => {
  await assertLinear(sanitizeFilename, [
    worst('a', '', '.txt'), // cut one character per pass: quadratic
    worst('. ', 'a', 'x'), // the trailing `[.\s]+$` retried from every dot and blank
    worst('\ud83d\ude00'),
  ]);
});
