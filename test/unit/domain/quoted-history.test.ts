// Quoted history as the mail clients in test/fixtures/email write it: what is trimmed from a
// reply, what stays, and the blank lines HTML leaves behind.
import { messageText, trimQuotedHistory } from '../../../shared/domain/inbound-email';

const REPLY = 'Der Monitor flackert leider immer noch.\n\nViele Grüße\nKatrin';

describe('Outlook\'s header block above the quoted message, without a rule, in its languages', () => {
  test.each([
    ['German', 'Von: Help desk <helpdesk@localhost>\nGesendet: Dienstag, 24. November 2026 10:02\nAn: Katrin Schäfer <katrin@example.org>\nBetreff: [#123456] Monitor flackert'],
    ['German, newer Outlook', 'Von: Help desk <helpdesk@localhost>\nDatum: Dienstag, 24. November 2026 um 10:02\nAn: katrin@example.org'],
    ['French, with a space before the colon', 'De : Help desk <helpdesk@localhost>\nEnvoyé : mardi 24 novembre 2026 10:02\nÀ : katrin@example.org'],
    ['French, with a no-break space before the colon', 'De\u00a0: Help desk <helpdesk@localhost>\nEnvoyé\u00a0: mardi 24 novembre 2026 10:02'],
    ['Spanish', 'De: Help desk <helpdesk@localhost>\nEnviado: martes, 24 de noviembre de 2026 10:02\nPara: katrin@example.org'],
    ['Portuguese', 'De: Help desk <helpdesk@localhost>\nEnviada em: terça-feira, 24 de novembro de 2026 10:02'],
    ['Italian', 'Da: Help desk <helpdesk@localhost>\nInviato: martedì 24 novembre 2026 10:02'],
    ['Dutch', 'Van: Help desk <helpdesk@localhost>\nVerzonden: dinsdag 24 november 2026 10:02'],
    ['Danish or Norwegian', 'Fra: Help desk <helpdesk@localhost>\nSendt: 24. november 2026 10:02\nTil: katrin@example.org'],
    ['Swedish', 'Från: Help desk <helpdesk@localhost>\nSkickat: den 24 november 2026 10:02\nTill: katrin@example.org'],
    ['Finnish', 'Lähettäjä: Help desk <helpdesk@localhost>\nLähetetty: tiistai 24. marraskuuta 2026 10.02\nVastaanottaja: katrin@example.org'],
  ])('%s', (_language, header) => {
    const text = `${REPLY}\n\n${header}\n\nDear Katrin,\n\nThank you for contacting us.`;
    expect(trimQuotedHistory(text)).toBe(REPLY);
    expect(messageText(text.replace(/\n/g, '\r\n'))).toBe(REPLY);
  });

  test.each(['Ursprüngliche Nachricht', "Message d'origine", 'Mensaje original', 'Oorspronkelijk bericht', 'Ursprungligt meddelande'])(
    'the separator "-----%s-----"',
    (name) => {
      expect(trimQuotedHistory(`${REPLY}\n\n-----${name}-----\nVon: Help desk\nPlease restart.`)).toBe(REPLY);
    },
  );

  test('a "Von:" line in the reply itself, not followed by "Gesendet:", stays', () => {
    const text = 'Wir sind erreichbar\nVon: Montag 8 Uhr\nBis: Freitag 17 Uhr\n\nKatrin';
    expect(trimQuotedHistory(text)).toBe(text);
    expect(trimQuotedHistory('Opening hours\nFrom: 9:00\nTo: 17:00')).toBe('Opening hours\nFrom: 9:00\nTo: 17:00');
  });
});

describe('Apple clients', () => {
  test('Apple Mail quotes its "On ..., at ..., X wrote:" line together with the history', () => {
    const text = 'Thanks — a new toner cartridge did the trick.\n\nChloé\n\n> On 24 Nov 2026, at 10:02, Help desk <helpdesk@localhost> wrote:\n> \n> Dear Chloé Martin,\n> \n> Thank you for contacting us.\n\n';
    expect(messageText(text)).toBe('Thanks — a new toner cartridge did the trick.\n\nChloé');
  });

  test('the same line unquoted starts the history too', () => {
    const text = 'Thanks.\n\nOn 24 Nov 2026, at 10:02, Help desk <helpdesk@localhost> wrote:\n\nDear Chloé Martin,';
    expect(trimQuotedHistory(text)).toBe('Thanks.');
  });

  test('iPhone: the signature stays (the customer wrote it), the quote below it goes, BOM included', () => {
    const text = 'Yes, it works again.\n\nSent from my iPhone\n\n> On 24 Nov 2026, at 10:02, Help desk <helpdesk@localhost> wrote:\n> \n> \uFEFFDear Marco Rossi,\n> Thank you for contacting us.\n';
    expect(messageText(text)).toBe('Yes, it works again.\n\nSent from my iPhone');
  });
});

describe('blank lines in the stored text', () => {
  test('the &nbsp; paragraphs of HTML turned to text are collapsed to one blank line', () => {
    const fromHtml = 'Hi team,\n\n\u00a0\n\nThe projector shows “No signal”.\u00a0We tried HDMI.\n\n \n\n\u00a0\n\nThanks,\n\nTom';
    expect(messageText(fromHtml)).toBe('Hi team,\n\nThe projector shows “No signal”.\u00a0We tried HDMI.\n\nThanks,\n\nTom');
  });

  test('single blank lines, indentation and the "-- " signature separator are kept', () => {
    const text = 'Hello,\n\n  indented line\n\nThanks\n\n-- \nRenée';
    expect(messageText(text)).toBe(text);
  });
});
