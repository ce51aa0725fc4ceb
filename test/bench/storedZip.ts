import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { crc32 } from 'node:zlib';

/**
 * A streaming zip writer of stored (uncompressed) entries, with ZIP64 records so it can hold
 * more than 65,535 entries and more than 4 GiB, as Python's `zipfile` (and so Inspect) writes
 * them. For the bench's large logs only: fflate, used for the fixtures, writes no ZIP64, and a
 * 120k-sample log would have a truncated entry count.
 */
export class StoredZipWriter {
  private readonly _out: WriteStream;
  private _offset = 0;
  private readonly _central: Buffer[] = [];
  private _count = 0;

  constructor(path: string) {
    this._out = createWriteStream(path, { highWaterMark: 4 << 20 });
  }

  private async _write(b: Buffer): Promise<void> {
    this._offset += b.length;
    if (!this._out.write(b)) await once(this._out, 'drain');
  }

  async add(name: string, data: Uint8Array): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const offset = this._offset;
    // Local header: sizes in the ZIP64 extra field (0xFFFFFFFF here), so any size fits.
    const extra = Buffer.alloc(20);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4);
    extra.writeBigUInt64LE(BigInt(data.length), 12);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(extra.length, 28);
    await this._write(Buffer.concat([local, nameBytes, extra]));
    await this._write(Buffer.from(data.buffer, data.byteOffset, data.length));
    const cextra = Buffer.alloc(28);
    cextra.writeUInt16LE(0x0001, 0);
    cextra.writeUInt16LE(24, 2);
    cextra.writeBigUInt64LE(BigInt(data.length), 4);
    cextra.writeBigUInt64LE(BigInt(data.length), 12);
    cextra.writeBigUInt64LE(BigInt(offset), 20);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(cextra.length, 30);
    central.writeUInt32LE(0xffffffff, 42);
    this._central.push(central, nameBytes, cextra);
    this._count++;
  }

  async close(): Promise<void> {
    const cdStart = this._offset;
    for (const b of this._central) await this._write(b);
    const cdSize = this._offset - cdStart;
    const zip64End = Buffer.alloc(56);
    zip64End.writeUInt32LE(0x06064b50, 0);
    zip64End.writeBigUInt64LE(44n, 4);
    zip64End.writeUInt16LE(45, 12);
    zip64End.writeUInt16LE(45, 14);
    zip64End.writeBigUInt64LE(BigInt(this._count), 24);
    zip64End.writeBigUInt64LE(BigInt(this._count), 32);
    zip64End.writeBigUInt64LE(BigInt(cdSize), 40);
    zip64End.writeBigUInt64LE(BigInt(cdStart), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(this._offset), 8);
    locator.writeUInt32LE(1, 16);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
    await this._write(Buffer.concat([zip64End, locator, end]));
    this._out.end();
    await once(this._out, 'finish');
  }
}
