/** The size an image declares (PNG, GIF, WebP, JPEG headers) and the limits every image in a memo must keep. */

/** Most pixels an embedded image may have: decoding is what costs (a small PNG can declare 15 000 × 15 000). */
export const MAX_IMAGE_PIXELS = 25_000_000;
/** Longest side of an image, in pixels. */
export const MAX_IMAGE_SIDE = 10_000;
/** Most an image's long side may be over its short side. */
export const MAX_ASPECT_RATIO = 20;

/** Why an image of `width` × `height` pixels is refused, or undefined when it keeps every limit. */
export function sizeProblem(width: number, height: number): string | undefined {
  if (!(width > 0 && height > 0)) return `it declares no size (${width} × ${height} pixels)`;
  if (Math.max(width, height) > MAX_IMAGE_SIDE)
    return `it is ${width} × ${height} pixels; a side may be at most ${MAX_IMAGE_SIDE} pixels`;
  if (width * height > MAX_IMAGE_PIXELS)
    return `it is ${width} × ${height} pixels; at most ${MAX_IMAGE_PIXELS / 1e6} megapixels (5000 × 5000) are allowed`;
  if (Math.max(width, height) / Math.min(width, height) > MAX_ASPECT_RATIO)
    return `it is ${width} × ${height} pixels; one side may be at most ${MAX_ASPECT_RATIO} times the other`;
  return undefined;
}

/** The MIME type of a PNG, GIF, WebP or JPEG image by its first bytes, or undefined. */
export function imageType(b: Buffer): string | undefined {
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47) return "image/png";
  if (b.length >= 6 && b.toString("latin1", 0, 3) === "GIF") return "image/gif";
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP")
    return "image/webp";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  return undefined;
}

/** Width and height an image declares in its header (PNG, GIF, WebP, JPEG), or undefined when it is none of them. */
export function imageSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString("latin1", 12, 16) === "IHDR")
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString("latin1", 0, 3) === "GIF")
    return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") {
    const kind = b.toString("latin1", 12, 16);
    if (kind === "VP8 ") return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    if (kind === "VP8L")
      return {
        width: 1 + (((b[22]! & 0x3f) << 8) | b[21]!),
        height: 1 + (((b[24]! & 0x0f) << 10) | (b[23]! << 2) | ((b[22]! & 0xc0) >> 6)),
      };
    if (kind === "VP8X") return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    return undefined;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // JPEG: walk the segments to the frame header (SOF0–SOF15, except DHT, JPG and DAC).
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      i += 2 + b.readUInt16BE(i + 2);
    }
  }
  return undefined;
}
