import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlKeyValues, htmlTable } from './html.js';

describe('html', () => {
  it('escapes the characters that could open markup or close an attribute', () => {
    expect(escapeHtml(`<b onclick="x">'&'</b>`)).toBe('&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
  });

  it('escapes every header and cell of a table', () => {
    const html = htmlTable([{ header: 'A<B' }], [['<script>alert(1)</script>']]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A&lt;B');
    expect(htmlKeyValues([['P&L', '<1>']])).toContain('P&amp;L</td><td style="padding:2px 0">&lt;1&gt;');
  });
});
