#!/usr/bin/env python3
"""Rewrites the short cell records of an .xlsb (BrtShort*, MS-XLSB 2.5.10: no
column, the previous cell's plus one) into the full form Excel writes (BrtCell*,
a 4-byte column first). SheetJS writes the short form for every cell after the
first in a row; calamine 0.38 reads only the full form.

usage: xlsb_full_cells.py IN.xlsb OUT.xlsb
"""
import struct
import sys
import zipfile

SHORT_TO_FULL = {0x0C: 0x01, 0x0D: 0x02, 0x0E: 0x03, 0x0F: 0x04, 0x10: 0x05, 0x11: 0x06, 0x12: 0x07}


def records(data):
    i = 0
    while i < len(data):
        t = data[i]
        i += 1
        if t & 0x80:
            t = (t & 0x7F) | ((data[i] & 0x7F) << 7)
            i += 1
        n = 0
        for k in range(4):
            b = data[i]
            i += 1
            n |= (b & 0x7F) << (7 * k)
            if not b & 0x80:
                break
        yield t, data[i:i + n]
        i += n


def header(t, n):
    out = bytearray()
    if t >= 0x80:
        out += bytes([(t & 0x7F) | 0x80, (t >> 7) & 0x7F])
    else:
        out.append(t)
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def full_cells(data):
    out = bytearray()
    col = -1
    for t, body in records(data):
        if t == 0x00:  # BrtRowHdr
            col = -1
        elif 0x01 <= t <= 0x0B:  # full cell and formula records: column first
            col = struct.unpack_from("<I", body)[0]
        elif t in SHORT_TO_FULL:
            col += 1
            t, body = SHORT_TO_FULL[t], struct.pack("<I", col) + body
        out += header(t, len(body)) + body
    return bytes(out)


def main(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".bin"):
                data = full_cells(data)
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    main(*sys.argv[1:3])
