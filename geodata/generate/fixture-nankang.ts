/**
 * A realistic generator input: Nankang's 2024 plan (seed 004, 附件2), 28 estates with their real
 * households, building counts and floor areas. Projects follow the 备注 column, whose merged cells
 * run down to the next note (rows 3–9 are all 供销社家属楼周边老旧小区改造工程; row 9 is 供销社家属楼
 * itself). Community codes and 南水街道's code are made up (南水街道 is not in the NBS 2023 list).
 * Used by the generator tests and handy for trying the generator by hand.
 */
import type { GenEstate, GenInput, GenRegion } from './types.ts';

const RONGJIANG = '360703001';
const DONGSHAN = '360703002';
const NANSHUI = '360703003';

const COMMUNITIES: [string, string, string][] = [
  ['360703001001', '东街社区', RONGJIANG],
  ['360703001002', '西街社区', RONGJIANG],
  ['360703001003', '金赣西路社区', RONGJIANG],
  ['360703001004', '泰康西路社区', RONGJIANG],
  ['360703001005', '泰康中路社区', RONGJIANG],
  ['360703001006', '世侯第社区', RONGJIANG],
  ['360703001007', '金赣南路社区', RONGJIANG],
  ['360703002001', '光明社区', DONGSHAN],
  ['360703002002', '东山社区', DONGSHAN],
  ['360703002003', '蓝田社区', DONGSHAN],
  ['360703003001', '芙蓉社区', NANSHUI],
];

// [name, community, households, buildings, floor area in 万㎡, project (备注, carried down merged cells)]
const ROWS: [string, string, number, number, number, string][] = [
  ['一建公司', '东街社区', 118, 6, 1.5, '一建公司周边老旧小区改造工程'],
  ['老工商银行家属楼', '东街社区', 20, 1, 0.13, '一建公司周边老旧小区改造工程'],
  ['副食品家属楼', '西街社区', 12, 2, 0.11, '供销社家属楼周边老旧小区改造工程'],
  ['老市委家属楼', '西街社区', 30, 2, 0.36, '供销社家属楼周边老旧小区改造工程'],
  ['种子公司', '西街社区', 20, 1, 0.24, '供销社家属楼周边老旧小区改造工程'],
  ['总工会家属楼', '西街社区', 18, 2, 0.18, '供销社家属楼周边老旧小区改造工程'],
  ['房产家属楼', '西街社区', 23, 2, 0.23, '供销社家属楼周边老旧小区改造工程'],
  ['老物资局集资房', '西街社区', 49, 2, 0.5504, '供销社家属楼周边老旧小区改造工程'],
  ['供销社家属楼', '西街社区', 58, 2, 0.58, '供销社家属楼周边老旧小区改造工程'],
  ['西门路生资公司家属楼', '金赣西路社区', 10, 1, 0.09, '金赣西大道1号西苑楼周边老旧小区改造工程'],
  ['老车队家属楼南', '金赣西路社区', 8, 1, 0.12, '金赣西大道1号西苑楼周边老旧小区改造工程'],
  ['老车队家属楼北', '金赣西路社区', 12, 1, 0.21, '金赣西大道1号西苑楼周边老旧小区改造工程'],
  ['金赣西大道1号西苑楼', '金赣西路社区', 18, 1, 0.252, '金赣西大道1号西苑楼周边老旧小区改造工程'],
  ['老中医院家属楼小区', '泰康西路社区', 4, 1, 0.04, '影剧院小区C栋老旧小区改造工程'],
  ['白铁厂家属楼', '泰康西路社区', 3, 1, 0.04, '影剧院小区C栋老旧小区改造工程'],
  ['影剧院小区C栋', '泰康西路社区', 9, 1, 0.06, '影剧院小区C栋老旧小区改造工程'],
  ['电影公司家属楼', '泰康中路社区', 58, 2, 0.647, '电影公司家属楼老旧小区改造工程'],
  ['老进修学校家属楼', '世侯第社区', 12, 1, 0.1, '老进修学校家属楼老旧小区改造工程'],
  ['芙蓉花苑', '金赣南路社区', 181, 4, 2.5864, '购物中心老旧小区改造工程'],
  ['购物中心', '金赣南路社区', 213, 9, 2.5316, '购物中心老旧小区改造工程'],
  ['金赣小区', '金赣南路社区', 644, 17, 6.87, '金赣小区老旧小区改造工程'],
  ['火车站家属房', '光明社区', 90, 3, 0.8, '火车站家属房老旧小区改造工程'],
  ['金田花园小区', '东山社区', 70, 2, 0.756, '金田花园及周边老旧小区改造工程'],
  ['田心里小区', '东山社区', 28, 1, 0.28, '金田花园及周边老旧小区改造工程'],
  ['怡然居小区', '蓝田社区', 207, 4, 0.364, '金田花园及周边老旧小区改造工程'],
  ['蓝田花园小区', '蓝田社区', 238, 8, 0.564, '金田花园及周边老旧小区改造工程'],
  ['新园小区', '蓝田社区', 139, 4, 0.276, '金田花园及周边老旧小区改造工程'],
  ['芙蓉新城', '芙蓉社区', 1141, 108, 17.3, '芙蓉新城老旧小区改造工程'],
];

export function nankangRegions(): GenRegion[] {
  return [
    { code: '36', name: '江西省', level: 'province', parentCode: null },
    { code: '3607', name: '赣州市', level: 'city', parentCode: '36' },
    { code: '360703', name: '南康区', level: 'district', parentCode: '3607', centre: [114.76, 25.66] },
    { code: RONGJIANG, name: '蓉江街道', level: 'street', parentCode: '360703' },
    { code: DONGSHAN, name: '东山街道', level: 'street', parentCode: '360703' },
    { code: NANSHUI, name: '南水街道', level: 'street', parentCode: '360703' },
    ...COMMUNITIES.map(([code, name, parent]): GenRegion => ({ code, name, level: 'community', parentCode: parent })),
  ];
}

export function nankangEstates(): GenEstate[] {
  const community = new Map(COMMUNITIES.map(([code, name, street]) => [name, { code, street }]));
  return ROWS.map(([name, comm, households, buildings, wan, project], i) => {
    const c = community.get(comm);
    if (!c) throw new Error(`unknown community ${comm}`);
    return {
      id: i + 1,
      name,
      districtCode: '360703',
      streetCode: c.street,
      communityCode: c.code,
      projectKey: project,
      // 万㎡ → m², rounded to whole square metres to avoid 0.5504 × 10000 = 5503.999…
      floorAreaM2: Math.round(wan * 10000),
      buildingCount: buildings,
      households,
      planYear: 2024,
    };
  });
}

export function nankangInput(overrides: Partial<GenInput> = {}): GenInput {
  return {
    seed: 1,
    regions: nankangRegions(),
    estates: nankangEstates(),
    reportUntil: '2024-12',
    estatesWithRealProgress: [],
    ...overrides,
  };
}
