import { describe, expect, it } from 'vitest';
import { alertNotice } from './alert-message.js';
import { digestNotice } from './digest-message.js';
import { sampleAlert, sampleSnapshot } from './test-fixtures.js';
import { webhookPayload } from './webhook-payload.js';

describe('webhookPayload', () => {
  const alert = alertNotice(sampleAlert());

  it('gives Slack the subject in bold and the text part in a code block', () => {
    const body = webhookPayload('slack', alert) as { text: string };
    expect(body.text.startsWith(`*${alert.subject}*\n\`\`\`\n`)).toBe(true);
    expect(body.text).toContain('Orders not sent (1)');
    expect(body.text.endsWith('```')).toBe(true);
  });

  it('keeps a Discord message within 2,000 characters and mentions nobody', () => {
    const long = { ...alert, text: `${'line of a long journal\n'.repeat(400)}` };
    const body = webhookPayload('discord', long) as { content: string; allowed_mentions: unknown };
    expect(body.content.length).toBeLessThanOrEqual(2_000);
    expect(body.content).toContain('… (cut: the e-mail has the whole message)');
    expect(body.content.endsWith('```')).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('sends Telegram the chat id and plain text within 4,096 characters', () => {
    const digest = digestNotice({ snapshot: sampleSnapshot(), label: 'session end', halted: false });
    const body = webhookPayload('telegram', { ...digest, text: digest.text.repeat(20) }, '-100123') as { chat_id: string; text: string };
    expect(body.chat_id).toBe('-100123');
    expect(body.text.startsWith(`${digest.subject}\n\n`)).toBe(true);
    expect(Array.from(body.text).length).toBeLessThanOrEqual(4_096);
  });

  it('leaves a short message whole', () => {
    const body = webhookPayload('telegram', { kind: 'test', subject: 'S', text: 'hello\n' }, 1) as { text: string };
    expect(body.text).toBe('S\n\nhello');
  });
});
