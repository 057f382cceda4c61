import { describe, expect, it } from 'vitest';
import { mailOptions, messageId } from './mail-options.js';

describe('mailOptions', () => {
  it('keeps the subject on one line and marks images as inline parts', () => {
    const options = mailOptions(
      { kind: 'digest', subject: 'a\r\n  b', text: 't', html: '<img src="cid:c1">', images: [{ cid: 'c1', filename: 'c.png', content: Buffer.from('x') }] },
      { from: 'a@b.example', to: 'c@d.example', time: 0 },
      [],
    );
    expect(options.subject).toBe('a b');
    expect(options.date).toEqual(new Date(0));
    expect(options.attachments).toEqual([{ cid: 'c1', filename: 'c.png', content: Buffer.from('x'), contentDisposition: 'inline' }]);
  });

  it('leaves out the HTML part and attachments when the notice has none', () => {
    const options = mailOptions({ kind: 'test', subject: 's', text: 't' }, { from: 'a@b', to: 'c@d', time: 0 }, []);
    expect(options).not.toHaveProperty('html');
    expect(options).not.toHaveProperty('attachments');
  });
});

describe('messageId', () => {
  it('uses the domain of the sender, with or without a display name', () => {
    expect(messageId('autofolio@localhost')).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
    expect(messageId('Autofolio <bot@mail.example.org>')).toMatch(/@mail\.example\.org>$/);
    expect(messageId('no address')).toMatch(/@autofolio\.invalid>$/);
    expect(messageId('a@b')).not.toBe(messageId('a@b'));
  });
});
