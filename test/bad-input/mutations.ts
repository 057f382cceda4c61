import fc from 'fast-check';

/**
 * Damage done to a valid text file, as the property tests apply it: the kinds of harm a file
 * meets between a writer and autofolio (a field lost, rows reordered or repeated, junk, a cut).
 */
export type Mutation =
  | { readonly kind: 'drop-field'; readonly line: number; readonly field: number }
  | { readonly kind: 'swap-rows'; readonly a: number; readonly b: number }
  | { readonly kind: 'insert-garbage'; readonly line: number; readonly garbage: string }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicate-row'; readonly line: number };

// Characters that mean something to the parsers, an invalid UTF-8 byte's stand-in, and anything.
const garbage = fc.string({
  maxLength: 30,
  unit: fc.oneof(fc.constantFrom(',', '"', '\r', ' ', '-', '.', 'e', '0', '1', '9', 'Z', 'T', ':', '{', '}', '\uFFFD'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })),
});

/** Any mutation; line, field and byte indexes are taken modulo the file's size when applied. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop-field' as const), line: fc.nat(), field: fc.nat() }),
  fc.record({ kind: fc.constant('swap-rows' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('insert-garbage' as const), line: fc.nat(), garbage }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-row' as const), line: fc.nat() }),
);

/** The file's bytes after `mutation`. Lines are split on "\n"; a cut is at a byte, so it may split a UTF-8 character. */
export function applyMutation(bytes: Buffer, mutation: Mutation): Buffer {
  if (mutation.kind === 'truncate') return bytes.subarray(0, mutation.at % (bytes.length + 1));
  const lines = bytes.toString('utf8').split('\n');
  // The empty string after the final line end is not a row.
  const rows = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  switch (mutation.kind) {
    case 'drop-field': {
      const at = mutation.line % rows;
      const fields = lines[at]!.split(',');
      fields.splice(mutation.field % fields.length, 1);
      lines[at] = fields.join(',');
      break;
    }
    case 'swap-rows': {
      const a = mutation.a % rows;
      const b = mutation.b % rows;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      break;
    }
    case 'insert-garbage':
      lines.splice(mutation.line % (rows + 1), 0, mutation.garbage);
      break;
    case 'duplicate-row': {
      const at = mutation.line % rows;
      lines.splice(at, 0, lines[at]!);
      break;
    }
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}
