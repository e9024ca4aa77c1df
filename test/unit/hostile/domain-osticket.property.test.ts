// osTicket API input (data URLs for the message and for files) is read in linear time.
import { attachmentsFromOsTicket, messageFromOsTicket } from '../../../shared/domain/osticket';
import { htmlToText } from '../../../shared/mail/html-to-text';
import { assertLinear, worst } from './growth';

const toText = (html: string) => htmlToText(html).text;

test('the message as a data URL, plain or HTML', async () => {
  await assertLinear((payload) => messageFromOsTicket(`data:text/plain,${payload}`, toText), [worst('%'), worst(' ')]);
  await assertLinear((payload) => messageFromOsTicket(`data:text/html,${payload}`, toText), [worst('<'), worst('<div>'), worst('<table><tr><td>')]);
  await assertLinear((head) => messageFromOsTicket(`data:${head}`, toText), [worst(';'), worst(' ')], 3);
});

test('files as data URLs, and their names', async () => {
  await assertLinear((payload) => attachmentsFromOsTicket([{ 'a.txt': `data:text/plain;base64,${payload}` }]), [worst(' '), worst('=')], 3);
  await assertLinear((name) => attachmentsFromOsTicket([{ [name]: 'data:,x' }]), [worst('.')], 3);
});
