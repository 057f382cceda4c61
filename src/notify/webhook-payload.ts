import type { Notice } from './notifier.js';

export type WebhookKind = 'slack' | 'discord' | 'telegram';

// What each service shows of one message: Discord refuses content over 2,000 characters,
// Telegram over 4,096; Slack takes more but folds long messages away.
const LIMITS: Readonly<Record<WebhookKind, number>> = { slack: 3_500, discord: 2_000, telegram: 4_096 };
const CUT = '\n… (cut: the e-mail has the whole message)';

/**
 * The JSON body of a chat message: the subject as a title and the plain-text part, in a code
 * block where the service has one so that the tables stay aligned.
 */
export function webhookPayload(kind: WebhookKind, notice: Notice, chatId?: string | number): Record<string, unknown> {
  switch (kind) {
    case 'slack':
      return { text: compose(`*${notice.subject}*\n\`\`\`\n`, notice.text, '\n```', LIMITS.slack) };
    case 'discord':
      return { content: compose(`**${notice.subject}**\n\`\`\`\n`, notice.text, '\n```', LIMITS.discord), allowed_mentions: { parse: [] } };
    case 'telegram':
      return { chat_id: chatId, text: compose(`${notice.subject}\n\n`, notice.text, '', LIMITS.telegram), disable_web_page_preview: true };
  }
}

function compose(head: string, body: string, tail: string, limit: number): string {
  const text = body.trimEnd();
  const room = limit - head.length - tail.length;
  if (Array.from(text).length <= room) return `${head}${text}${tail}`;
  // Cut on code points so that an emoji is never split, and at a line end where there is one.
  const cut = Array.from(text).slice(0, Math.max(0, room - CUT.length)).join('');
  const atLine = cut.lastIndexOf('\n');
  return `${head}${atLine > room / 2 ? cut.slice(0, atLine) : cut}${CUT}${tail}`;
}
