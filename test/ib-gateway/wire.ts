/** A field as the TWS wire format carries it: text, a number, a 0/1 boolean, or empty. */
export type Field = string | number | boolean | undefined | null;

/** One framed message: 4-byte big-endian length, then each field followed by a NUL. */
export function frame(fields: readonly Field[]): Buffer {
  const body = Buffer.from(fields.map(fieldText).join('\0') + '\0', 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

function fieldText(field: Field): string {
  if (field === undefined || field === null) return '';
  if (typeof field === 'boolean') return field ? '1' : '0';
  return String(field);
}

/**
 * Splits the client's byte stream into the handshake ("API\0", length, "v100..193") and then
 * length-prefixed messages of NUL-terminated fields. Bytes may arrive in any chunks.
 */
export class FrameReader {
  #buffer = Buffer.alloc(0);
  #handshakeDone = false;

  /** Feeds bytes; returns the complete items: the handshake version range first, then field lists. */
  push(chunk: Buffer): ({ kind: 'handshake'; versions: string } | { kind: 'message'; fields: string[] })[] {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const out: ({ kind: 'handshake'; versions: string } | { kind: 'message'; fields: string[] })[] = [];
    if (!this.#handshakeDone) {
      if (this.#buffer.length < 8) return out;
      if (this.#buffer.subarray(0, 4).toString('latin1') !== 'API\0') throw new Error(`not a TWS API client: ${JSON.stringify(this.#buffer.subarray(0, 4).toString('latin1'))}`);
      const length = this.#buffer.readUInt32BE(4);
      if (this.#buffer.length < 8 + length) return out;
      out.push({ kind: 'handshake', versions: this.#buffer.subarray(8, 8 + length).toString('utf8') });
      this.#buffer = this.#buffer.subarray(8 + length);
      this.#handshakeDone = true;
    }
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readUInt32BE(0);
      if (this.#buffer.length < 4 + length) break;
      const text = this.#buffer.subarray(4, 4 + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(4 + length);
      // Every field ends with NUL, so the split leaves one empty string at the end.
      out.push({ kind: 'message', fields: text.split('\0').slice(0, -1) });
    }
    return out;
  }
}

/** Reads fields in order and says when a message had more or fewer than its layout. */
export class FieldCursor {
  readonly #fields: readonly string[];
  #at = 0;

  constructor(fields: readonly string[], start = 0) {
    this.#fields = fields;
    this.#at = start;
  }

  str(): string {
    if (this.#at >= this.#fields.length) throw new Error(`message too short: wanted field ${this.#at}, has ${this.#fields.length}`);
    return this.#fields[this.#at++]!;
  }

  num(): number | undefined {
    const text = this.str();
    return text === '' ? undefined : Number(text);
  }

  bool(): boolean {
    return this.str() === '1';
  }

  get remaining(): number {
    return this.#fields.length - this.#at;
  }
}
