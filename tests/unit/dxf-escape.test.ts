import { describe, expect, it } from 'vitest';
import { escape } from '../../server/scopes/export/formats/dxf.ts';

describe('DXF text escapes', () => {
  it('writes Chinese as \\U+ escapes, keeps ASCII, escapes MTEXT controls and keeps paragraph breaks', () => {
    expect(escape('金赣小区 3号楼')).toBe('\\U+91D1\\U+8D63\\U+5C0F\\U+533A 3\\U+53F7\\U+697C');
    expect(escape('a{b}\\c')).toBe('a\\{b\\}\\\\c');
    expect(escape('第一行\\P2nd\nline')).toBe('\\U+7B2C\\U+4E00\\U+884C\\P2nd line');
  });

  it('writes a character beyond the BMP as its UTF-16 pair (\\U+ takes four hex digits)', () => {
    expect(escape('𠀀')).toBe('\\U+D840\\U+DC00');
  });
});
