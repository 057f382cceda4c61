import { ChannelError, type Channel, type QueuedMessage } from './channel.js';
import { OutboxNotifier, type OutboxNotifierOptions } from './outbox-notifier.js';

/**
 * The default channel while no SMTP server is configured: each message becomes an .eml file
 * in the outbox folder (see OutboxNotifier), readable with any mail client.
 */
export class EmlFolderChannel implements Channel {
  readonly name = 'eml-folder';
  readonly #writer: OutboxNotifier;

  constructor(options: OutboxNotifierOptions) {
    this.#writer = new OutboxNotifier(options);
  }

  async deliver(message: QueuedMessage): Promise<void> {
    try {
      await this.#writer.write(message.notice, message.messageId);
    } catch (error) {
      // A full disk or a folder without write permission fails every message alike.
      throw new ChannelError(`cannot write to the outbox folder: ${error instanceof Error ? error.message : String(error)}`, 'channel', { cause: error });
    }
  }
}
