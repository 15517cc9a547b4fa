import { describe, expect, it } from 'vitest';
import { namePinyin, queryPinyin } from '../../server/search/pinyin.ts';

/** The keys a name is found by (README "Search"): full pinyin, initials, and their syllable starts. */
describe('a name\'s pinyin keys', () => {
  it('reads 金赣小区 as jinganxiaoqu, initials jgxq, each syllable a start', () => {
    expect(namePinyin('金赣小区')).toEqual({
      name: '金赣小区',
      full: 'jinganxiaoqu',
      initials: 'jgxq',
      fullStarts: ' jinganxiaoqu ganxiaoqu xiaoqu qu',
      initialsStarts: ' jgxq gxq xq q',
    });
  });

  it('reads polyphonic characters by their word, drops tones, writes ü as v', () => {
    expect(namePinyin('老工商银行家属楼').full).toBe('laogongshangyinhangjiashulou');
    expect(namePinyin('长江花园').initials).toBe('cjhy');
    expect(namePinyin('重庆路').full).toBe('chongqinglu');
    expect(namePinyin('绿洲').full).toBe('lvzhou');
  });

  it('keeps a run of Latin letters or digits whole and drops other signs', () => {
    const k = namePinyin('A区12号楼（西）');
    expect(k.full).toBe('aqu12haolouxi');
    expect(k.initials).toBe('aq12hlx');
    expect(k.initialsStarts).toBe(' aq12hlx q12hlx 12hlx hlx lx x');
  });
});

describe('a query\'s pinyin form', () => {
  it('drops spaces, apostrophes and dots, lowercases, writes ü as v', () => {
    expect(queryPinyin('Jin Gan')).toBe('jingan');
    expect(queryPinyin("jin'gan")).toBe('jingan');
    expect(queryPinyin('lü')).toBe('lv');
    expect(queryPinyin('a12')).toBe('a12');
  });

  it('is null unless Latin letters (with digits) remain, at least one letter', () => {
    expect(queryPinyin('金赣')).toBeNull();
    expect(queryPinyin('12')).toBeNull();
    expect(queryPinyin('jg金')).toBeNull();
    expect(queryPinyin('%')).toBeNull();
  });
});
