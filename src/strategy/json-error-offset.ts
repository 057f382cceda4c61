/**
 * Offset of the first character at which `text` stops being valid JSON (text.length when it
 * ends too soon). Used only after JSON.parse has refused the text, to name the line of the
 * defect: V8 gives a position for some errors ("at position 13") but not for others
 * ("Unexpected token ']', ... is not valid JSON").
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntax(Math.min(i, text.length));
  };
  const space = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i += 1;
  };
  const literal = (word: string): void => {
    for (const char of word) {
      if (text[i] !== char) fail();
      i += 1;
    }
  };
  const string = (): void => {
    i += 1;
    for (;;) {
      const char = text[i];
      if (char === undefined || char < ' ') fail();
      i += 1;
      if (char === '"') return;
      if (char === '\\') {
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
        else i += 1;
      }
    }
  };
  const number = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i += 1;
      space();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i += 1;
        value();
        space();
        if (text[i] === '}') {
          i += 1;
          return;
        }
        if (text[i] !== ',') fail();
        i += 1;
      }
    } else if (char === '[') {
      i += 1;
      space();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ']') {
          i += 1;
          return;
        }
        if (text[i] !== ',') fail();
        i += 1;
      }
    } else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    return i < text.length ? i : text.length;
  } catch (error) {
    if (error instanceof JsonSyntax) return error.offset;
    throw error;
  }
}

class JsonSyntax {
  constructor(readonly offset: number) {}
}
