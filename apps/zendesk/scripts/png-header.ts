/** Width, height and colour type from a PNG's IHDR (bytes 16–25), or null when it is not a PNG. */
export function pngSize(
  bytes: Uint8Array,
): { width: number; height: number; colorType: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 26 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20), colorType: bytes[25] as number };
}
