const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The size and format of a PNG read from its header: the 8-byte signature, then the IHDR
 * chunk (length 13, type "IHDR", width, height, bit depth, colour type). Undefined when the
 * bytes are not a PNG, so that a test can tell a real image from a stand-in.
 */
export function pngHeader(png: Buffer): { width: number; height: number; bitDepth: number; colourType: number } | undefined {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return undefined;
  if (png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24]!, colourType: png[25]! };
}
