// The ASCII codes the bar-file parsers compare bytes and char codes with, named once: both read
// rows by their codes rather than by cutting strings.
export const LF = 10;
export const CR = 13;
export const COMMA = 44;
export const DASH = 45;
export const DOT = 46;
export const COLON = 58;
export const T = 84;
export const Z = 90;
