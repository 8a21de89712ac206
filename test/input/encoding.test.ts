import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8 } from '../../src/input/encoding.js';

describe('file encodings', () => {
  it('UTF-8 with or without BOM, and UTF-16 with a BOM, are decoded', () => {
    expect(decodeText(new TextEncoder().encode('id,name\nw1,Zoë\n'), 'w.csv')).toBe('id,name\nw1,Zoë\n');
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), 'w.csv')).toBe('a');
    const le = Buffer.from('\uFEFFid\tname\nw1\tZoë\n', 'utf16le');
    expect(decodeText(le, 'w.txt')).toBe('id\tname\nw1\tZoë\n');
    const be = Buffer.from(Buffer.from('\uFEFFab', 'utf16le').swap16());
    expect(decodeText(be, 'w.txt')).toBe('ab');
  });
  it('Windows-1252 is refused, naming the line, column, byte and what it would be', () => {
    const cp1252 = Uint8Array.from([...Buffer.from('id,name\nw1,Zo'), 0xeb, ...Buffer.from(' \x80 2\n')]);
    expect(() => decodeText(cp1252, 'workers.csv')).toThrow(/workers\.csv line 2 column 6: not UTF-8 text \(got byte 0xEB, which in Windows-1252 would be "ë": "w1,Zoë"\)/);
    expect(() => decodeText(cp1252, 'workers.csv')).toThrow(/save it as "CSV UTF-8"/);
    expect(() => decodeText(Uint8Array.from([0x61, 0x93, 0x62]), 'x.csv')).toThrow(/0x93, which in Windows-1252 would be "“"/);
  });
  it('finds the first invalid UTF-8 byte (overlong, truncated and stray continuation bytes)', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('aé€😀'))).toBe(10);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x80]))).toBe(0);
  });
});
