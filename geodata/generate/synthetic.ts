/**
 * A made-up national programme for benchmarks: fake districts spread over China's provinces (more
 * where more people live), each with streets, communities and old estates with plausible figures,
 * grouped into projects like the seeds' 改造工程. Codes use fake city numbers 71–89 so they never
 * collide with real division codes, and every name is invented.
 */
import type { GenEstate, GenInput, GenRegion } from './types.ts';
import { Rng } from './random.ts';

/** Real province codes and names; centre near the main urban area; weight ≈ population (millions). */
const PROVINCES: [string, string, number, number, number][] = [
  ['11', '北京市', 116.4, 40.0, 22],
  ['12', '天津市', 117.3, 39.2, 14],
  ['13', '河北省', 114.8, 38.2, 74],
  ['14', '山西省', 112.5, 37.8, 35],
  ['15', '内蒙古自治区', 111.7, 40.8, 24],
  ['21', '辽宁省', 123.4, 41.8, 42],
  ['22', '吉林省', 125.3, 43.9, 24],
  ['23', '黑龙江省', 126.6, 45.8, 31],
  ['31', '上海市', 121.4, 31.2, 25],
  ['32', '江苏省', 119.0, 32.4, 85],
  ['33', '浙江省', 120.2, 29.6, 66],
  ['34', '安徽省', 117.2, 31.9, 61],
  ['35', '福建省', 118.7, 25.9, 42],
  ['36', '江西省', 115.9, 28.2, 45],
  ['37', '山东省', 117.8, 36.4, 102],
  ['41', '河南省', 113.6, 34.2, 99],
  ['42', '湖北省', 113.3, 30.6, 58],
  ['43', '湖南省', 112.5, 27.9, 66],
  ['44', '广东省', 113.5, 23.2, 127],
  ['45', '广西壮族自治区', 108.9, 23.3, 50],
  ['46', '海南省', 110.3, 19.8, 10],
  ['50', '重庆市', 106.6, 29.6, 32],
  ['51', '四川省', 104.3, 30.6, 84],
  ['52', '贵州省', 106.7, 26.6, 39],
  ['53', '云南省', 102.7, 25.0, 47],
  ['54', '西藏自治区', 91.1, 29.6, 4],
  ['61', '陕西省', 108.9, 34.3, 40],
  ['62', '甘肃省', 103.8, 36.1, 25],
  ['63', '青海省', 101.8, 36.6, 6],
  ['64', '宁夏回族自治区', 106.3, 38.5, 7],
  ['65', '新疆维吾尔自治区', 87.6, 43.8, 26],
];

const SYLLABLES =
  '安宝北滨昌城崇春大德东丰福富港光广和河红宏华怀汇吉佳建江金锦景静康乐黎丽利连林临龙隆美民明南宁平浦七秋仁荣瑞山上胜盛石顺泰桃天通同文武西霞仙祥新兴秀阳怡永玉园远长正中洲珠';
const ORGS = [
  '供销社', '粮食局', '电力局', '税务局', '自来水公司', '第一中学', '机械厂', '纺织厂', '人民医院', '交通局',
  '农机厂', '邮电局', '百货公司', '食品公司', '水泥厂', '糖厂', '运输公司', '物资局', '粮站', '卫生院',
];
const ESTATE_SUFFIX = ['小区', '花园', '新村', '苑', '家园', '公寓'];

/** Lattice step for district centres: 0.2° keeps districts 15+ km apart, far more than they span. */
const CELL = 0.2;
const JITTER = 0.03;

export interface SyntheticOptions {
  estates: number;
  seed: number;
  reportUntil?: string;
  /** Put every district in this province (a province-scale set), instead of spreading by population. */
  province?: string;
  /** Estates per district instead of 40–160 (a benchmark asks for one very large district). */
  estatesPerDistrict?: number;
}

export function syntheticInput(opts: SyntheticOptions): GenInput {
  const rng = new Rng(opts.seed, 'synthetic');
  const regions: GenRegion[] = PROVINCES.map(([code, name]) => ({ code, name, level: 'province', parentCode: null }));
  const estates: GenEstate[] = [];
  const taken = new Set<string>();
  const perProvince = new Map<string, number>();
  const cities = new Set<string>();
  const districtNames = new Map<string, Set<string>>();

  let id = 0;
  while (id < opts.estates) {
    const [prov, , plon, plat] = opts.province
      ? (PROVINCES.find((p) => p[0] === opts.province) ?? fail(`unknown province ${opts.province}`))
      : rng.weighted(PROVINCES.map((p) => [p, p[4]] as const));
    const n = perProvince.get(prov) ?? 0;
    perProvince.set(prov, n + 1);
    const city = 71 + Math.floor(n / 30);
    if (city > 89) throw new Error(`too many synthetic districts in province ${prov}`);
    const cityCode = `${prov}${city}`;
    const code = `${cityCode}${String((n % 30) + 1).padStart(2, '0')}`;
    if (!cities.has(cityCode)) {
      cities.add(cityCode);
      regions.push({ code: cityCode, name: `${fakeName(rng, 2)}市`, level: 'city', parentCode: prov });
    }
    const names = districtNames.get(prov) ?? new Set<string>();
    districtNames.set(prov, names);
    const name = unique(names, () => `${fakeName(rng, 2)}${rng.chance(0.25) ? '县' : '区'}`);
    const [ci, cj] = freeCell(taken, plon, plat);
    const centre: [number, number] = [
      round4(ci * CELL + rng.range(-JITTER, JITTER)),
      round4(cj * CELL + rng.range(-JITTER, JITTER)),
    ];
    regions.push({ code, name, level: 'district', parentCode: cityCode, centre });

    const count = Math.min(opts.estates - id, opts.estatesPerDistrict ?? rng.int(40, 160));
    const planYear = rng.int(2019, 2025);
    // Street codes have three digits (NBS): a huge benchmark district gets bigger streets instead.
    const streetCount = Math.min(999, Math.max(2, Math.round(count / rng.int(12, 25))));
    const streetNames = new Set<string>();
    const estateNames = new Set<string>();
    const streets: { code: string; communities: string[] }[] = [];
    for (let s = 0; s < streetCount; s++) {
      const sc = `${code}${String(s + 1).padStart(3, '0')}`;
      regions.push({ code: sc, name: unique(streetNames, () => `${fakeName(rng, 2)}街道`), level: 'street', parentCode: code });
      const communityNames = new Set<string>();
      const communities: string[] = [];
      for (let c = 0, cn = rng.int(2, 6); c < cn; c++) {
        const cc = `${sc}${String(c + 1).padStart(3, '0')}`;
        regions.push({ code: cc, name: unique(communityNames, () => `${fakeName(rng, 2)}社区`), level: 'community', parentCode: sc });
        communities.push(cc);
      }
      streets.push({ code: sc, communities });
    }

    // Estates street by street, in projects of consecutive estates (most in one community).
    let left = count;
    for (let s = 0; s < streetCount && left > 0; s++) {
      const street = streets[s] as { code: string; communities: string[] };
      const inStreet = s === streetCount - 1 ? left : Math.min(left, Math.max(1, Math.round(count / streetCount)));
      left -= inStreet;
      let made = 0;
      while (made < inStreet) {
        const size = Math.min(inStreet - made, rng.chance(0.45) ? 1 : rng.int(2, 6));
        const community = rng.chance(0.1) ? null : rng.pick(street.communities);
        let projectKey: string | null = null;
        for (let k = 0; k < size; k++) {
          const e = fakeEstate(rng, ++id, unique(estateNames, () => estateName(rng)));
          if (size > 1 && k === 0) projectKey = `${e.name}及周边老旧小区改造工程`;
          estates.push({
            ...e,
            districtCode: code,
            streetCode: street.code,
            communityCode: k > 0 && rng.chance(0.1) ? rng.pick(street.communities) : community,
            projectKey,
            planYear,
          });
        }
        made += size;
      }
    }
  }
  return {
    seed: opts.seed,
    regions,
    estates,
    reportUntil: opts.reportUntil ?? '2025-12',
    estatesWithRealProgress: [],
  };
}

function fakeEstate(rng: Rng, id: number, name: string): Pick<GenEstate, 'id' | 'name' | 'floorAreaM2' | 'buildingCount' | 'households'> {
  // Households roughly log-normal around 120 (seeds: 3 … 1141); floor area 55–120 m² per household.
  const normal = Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const households = Math.min(3000, Math.max(4, Math.round(Math.exp(4.8 + 0.9 * normal))));
  const floorArea = Math.round((households * rng.range(55, 120)) / 10) * 10;
  // 8–32 households a building: ≈10 buildings an estate, as the issue sizes the sets (30,000 estates,
  // ≈300,000 buildings; 300,000 estates, ≈3 million).
  const buildings = Math.max(1, Math.round(households / rng.range(8, 32)));
  return {
    id,
    name,
    households: rng.chance(0.02) ? null : households,
    floorAreaM2: rng.chance(0.03) ? null : floorArea,
    buildingCount: rng.chance(0.03) ? null : buildings,
  };
}

function estateName(rng: Rng): string {
  return rng.chance(0.35) ? `${fakeName(rng, 1)}${rng.pick(ORGS)}家属楼` : `${fakeName(rng, 2)}${rng.pick(ESTATE_SUFFIX)}`;
}

function fakeName(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SYLLABLES[Math.floor(rng.float() * SYLLABLES.length)];
  return s;
}

function unique(used: Set<string>, make: () => string): string {
  for (let attempt = 0; ; attempt++) {
    const base = make();
    const name = attempt < 20 ? base : `${base}${attempt}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** Nearest free lattice cell to a province centre, searching square rings outwards. */
function freeCell(taken: Set<string>, lon: number, lat: number): [number, number] {
  const i0 = Math.round(lon / CELL);
  const j0 = Math.round(lat / CELL);
  for (let k = 0; ; k++)
    for (let di = -k; di <= k; di++)
      for (let dj = -k; dj <= k; dj++) {
        if (Math.max(Math.abs(di), Math.abs(dj)) !== k) continue;
        const key = `${i0 + di},${j0 + dj}`;
        if (taken.has(key)) continue;
        taken.add(key);
        return [i0 + di, j0 + dj];
      }
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

function fail(message: string): never {
  throw new Error(message);
}
