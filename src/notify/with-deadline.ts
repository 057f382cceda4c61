import { ChannelError } from './channel.js';

/**
 * Resolves or rejects as `promise` does, or rejects with a channel-wide ChannelError after
 * `ms`: a server that accepts a connection and then says nothing costs bounded time. The
 * work itself goes on in the background until the channel's own socket timeouts end it.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChannelError(`no answer within ${Math.ceil(ms / 1000)} s (the time allowed for sending)`, 'channel')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
