// Writes zip archives byte by byte (PKWARE APPNOTE 6.3 layout), including
// the malformed and hostile archives that ordinary zip tools refuse to make.
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntrySpec {
  name: string;
  data?: Uint8Array | string;
  /** Unix mode with file type bits, e.g. 0o120777 for a symbolic link. */
  unixMode?: number;
  /** Deflate the data (default) or store it. */
  deflate?: boolean;
  /** Overrides the uncompressed size written in the headers. */
  declaredSize?: number;
}

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0);
  return buffer;
}

/** Builds a zip archive from the given entries, in order. */
export function buildZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.from(entry.data ?? "");
    const deflate = entry.deflate ?? true;
    const body = deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(entry.name, "utf8");
    const size = entry.declaredSize ?? raw.length;
    const method = deflate ? 8 : 0;
    const checksum = crc32(raw);
    const local = Buffer.concat([
      u32(0x04034b50), u16(20), u16(0x800), u16(method), u16(0), u16(0x21),
      u32(checksum), u32(body.length), u32(size), u16(name.length), u16(0),
      name,
    ]);
    const mode = entry.unixMode ?? (entry.name.endsWith("/") ? 0o040755 : 0o100644);
    const central = Buffer.concat([
      u32(0x02014b50), u16((3 << 8) | 20), u16(20), u16(0x800), u16(method),
      u16(0), u16(0x21), u32(checksum), u32(body.length), u32(size),
      u16(name.length), u16(0), u16(0), u16(0), u16(0), u32(mode * 65536),
      u32(offset), name,
    ]);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length),
    u32(centralDirectory.length), u32(offset), u16(0),
  ]);
  return Buffer.concat([...locals, centralDirectory, end]);
}
