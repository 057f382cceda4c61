import type { Notice } from './notifier.js';

interface StoredImage {
  readonly cid: string;
  readonly filename: string;
  readonly base64: string;
}

/** A notice as JSON text for a store, with its images in base64. */
export function noticeToJson(notice: Notice): string {
  const { images, ...rest } = notice;
  const stored: StoredImage[] | undefined = images?.map((image) => ({ cid: image.cid, filename: image.filename, base64: image.content.toString('base64') }));
  return JSON.stringify({ ...rest, ...(stored ? { images: stored } : {}) });
}

/** The notice that noticeToJson stored; throws on text that is not one. */
export function noticeFromJson(json: string): Notice {
  const parsed = JSON.parse(json) as Omit<Notice, 'images'> & { images?: StoredImage[] };
  if (typeof parsed.subject !== 'string' || typeof parsed.text !== 'string' || !['alert', 'digest', 'test'].includes(parsed.kind)) {
    throw new Error('stored notice is malformed: it needs kind, subject and text');
  }
  const { images, ...rest } = parsed;
  return { ...rest, ...(images ? { images: images.map((i) => ({ cid: i.cid, filename: i.filename, content: Buffer.from(i.base64, 'base64') })) } : {}) };
}
