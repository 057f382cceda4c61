import { describe, expect, it } from 'vitest';
import { alertNotice } from './alert-message.js';
import { sampleAlert } from './test-fixtures.js';

describe('alertNotice', () => {
  it('names the account, the step and the reason in the subject', () => {
    const notice = alertNotice(sampleAlert());
    expect(notice.kind).toBe('alert');
    expect(notice.subject).toBe('[autofolio] ERROR DU1234567 send: broker rejected order for IEF: insufficient margin');
  });

  it('says in the subject and the first line that a dry run failed, and shows times in the exchange\'s zone', () => {
    const notice = alertNotice(sampleAlert({ dryRun: true, timeZone: 'America/New_York' }));
    expect(notice.subject).toBe('[autofolio] ERROR (dry run) DU1234567 send: broker rejected order for IEF: insufficient margin');
    expect(notice.text.split('\n')[0]).toMatch(/^Dry run r-\S+ for account DU1234567 failed at step "send"\. It was a dry run: it plans and checks but never sends an order\.$/);
    expect(notice.text).toMatch(/Time\s+2025-11-14 10:35 EST/);
  });

  it('cuts a long, multi-line reason to one short line in the subject but keeps all of it in the body', () => {
    const reason = `connection refused\n    at Socket.connect (net.js:1:1)\n${'x'.repeat(200)}`;
    const notice = alertNotice(sampleAlert({ step: 'connect', reason }));
    const shortReason = notice.subject.slice('[autofolio] ERROR DU1234567 connect: '.length);
    expect(notice.subject).not.toMatch(/[\r\n]/);
    expect(shortReason.length).toBeLessThanOrEqual(80);
    expect(shortReason.startsWith('connection refused at Socket.connect')).toBe(true);
    expect(shortReason.endsWith('…')).toBe(true);
    expect(notice.text).toContain('x'.repeat(200));
  });

  it('lists the orders that were sent and those that were not, and the run journal', () => {
    const { text } = alertNotice(sampleAlert());
    const sent = text.slice(text.indexOf('Orders sent (1)'), text.indexOf('Orders not sent'));
    const notSent = text.slice(text.indexOf('Orders not sent (1)'), text.indexOf('Run journal'));
    expect(sent).toMatch(/VTI\s+BUY\s+120\s+301\.50\s+r-20251114T153500Z:VTI/);
    expect(sent).not.toContain('IEF');
    expect(notSent).toMatch(/IEF\s+SELL\s+200\s+95\.99/);
    const journal = text.slice(text.indexOf('Run journal'), text.indexOf('What to do next'));
    expect(journal).toMatch(/connect\s+2025-11-14 15:35:00 UTC\s+412 ms\s+ok/);
    expect(journal).toMatch(/send\s+.*2\.3 s\s+error\s+broker rejected order for IEF: margin/);
    expect(journal).toMatch(/fills\s+.*skipped/);
    expect(text).toContain('What to do next\n  Check the margin requirement');
  });

  it('says plainly when no order reached the broker', () => {
    const { text, html } = alertNotice(sampleAlert({ ordersSent: [] }));
    expect(text).toContain('Orders sent (0)\n  None: no order reached the broker in this run.');
    expect(html).toContain('None: no order reached the broker in this run.');
  });

  it('escapes every interpolated value in the HTML part', () => {
    const notice = alertNotice(
      sampleAlert({ accountId: 'A<1>', reason: '<img src=x onerror=alert(1)>', hint: 'see <b>log</b> & retry' }),
    );
    expect(notice.html).toBeDefined();
    expect(notice.html).not.toContain('<img');
    expect(notice.html).not.toContain('<b>log');
    expect(notice.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(notice.html).toContain('A&lt;1&gt;');
    expect(notice.html).toContain('see &lt;b&gt;log&lt;/b&gt; &amp; retry');
    expect(notice.html).toContain('r-20251114T153500Z:IEF');
  });
});
