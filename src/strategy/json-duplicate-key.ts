/**
 * The path of the first key that appears twice in one object of a JSON text, or undefined.
 * JSON.parse keeps the last of two equal keys without a word, so a forecast listing a symbol
 * twice would lose one weight silently; this finds it. Expects text that JSON.parse accepted.
 */
export function findDuplicateKey(text: string): string | undefined {
  // One frame per open object or array; an object frame holds its keys and the next key's
  // position (expectKey), an array frame its element index.
  type Frame = { readonly path: string; readonly keys?: Set<string>; expectKey: boolean; index: number; lastKey: string };
  const stack: Frame[] = [];
  const childPath = (frame: Frame | undefined): string => {
    if (frame === undefined) return '';
    const step = frame.keys ? frame.lastKey : `[${frame.index}]`;
    return frame.keys ? (frame.path ? `${frame.path}.${step}` : step) : `${frame.path}${step}`;
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        top.lastKey = key;
        if (top.keys.has(key)) return childPath(top);
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    } else if (char === '{' || char === '[') {
      stack.push({ path: childPath(top), keys: char === '{' ? new Set() : undefined, expectKey: char === '{', index: 0, lastKey: '' });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',' && top) {
      if (top.keys) top.expectKey = true;
      else top.index += 1;
    }
  }
  return undefined;
}
