/**
 * Random plan tables for the property test: a structure of district blocks, street blocks,
 * projects and estates with known figures (the truth), written as XLSX with real merged ranges and
 * as CSV with continued (blank) cells, and what the importer must make of it (the oracle), stated
 * from the README's rules over the generator's own blocks, not from the importer's code.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Structure

export const DISTRICT_STREETS: Record<string, { code: string; streets: string[] }> = {
  海勃湾区: { code: '150302', streets: ['海北街道', '新华街道', '新华西街道', '凤凰岭街道', '滨河街道', '林荫街道'] },
  乌达区: { code: '150304', streets: ['苏海图街道', '五虎山街道', '滨海街道', '巴音赛街道', '三道坎街道'] },
  海南区: { code: '150303', streets: ['拉僧仲街道', '西卓子山街道'] },
};
const DISTRICT_NAMES = Object.keys(DISTRICT_STREETS);

export type FigureKey = 'households' | 'buildingCount' | 'floorAreaM2' | 'plannedInvestmentWan' | 'completedInvestmentWan' | 'completionRatePct';
export const FIGURES: FigureKey[] = ['households', 'buildingCount', 'floorAreaM2', 'plannedInvestmentWan', 'completedInvestmentWan', 'completionRatePct'];
/** Stored scale: whole counts, m² to 0.01, 万元 to 0.000001 (the fen), % to 0.01. */
export const PLACES: Record<FigureKey, number> = { households: 0, buildingCount: 0, floorAreaM2: 2, plannedInvestmentWan: 6, completedInvestmentWan: 6, completionRatePct: 2 };
const SUMMABLE: FigureKey[] = ['households', 'buildingCount', 'floorAreaM2', 'plannedInvestmentWan', 'completedInvestmentWan'];
const MONEY: FigureKey[] = ['plannedInvestmentWan', 'completedInvestmentWan'];

export type Level = 'estate' | 'block' | 'absent';
export type Fault = 'none' | 'partial' | 'conflict' | 'wrongTotal' | 'straddle' | 'unitless';

export const specArb = fc.record({
  scope: fc.constantFrom('city' as const, 'district' as const),
  districtColumn: fc.boolean(),
  blocks: fc.array(
    fc.record({
      d: fc.nat(2),
      streets: fc.array(fc.record({ s: fc.nat(5), estates: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  projects: fc.boolean(),
  community: fc.boolean(),
  levels: fc.record({
    households: fc.constantFrom<Level>('estate', 'block', 'absent'),
    buildingCount: fc.constantFrom<Level>('estate', 'block', 'absent'),
    floorAreaM2: fc.constantFrom<Level>('estate', 'block', 'absent'),
    plannedInvestmentWan: fc.constantFrom<Level>('estate', 'block', 'block', 'absent'),
    completedInvestmentWan: fc.constantFrom<Level>('estate', 'block', 'absent'),
    completionRatePct: fc.constantFrom<Level>('estate', 'block', 'absent', 'absent'),
  }),
  blockLevel: fc.constantFrom('district' as const, 'district' as const, 'street' as const, 'street' as const, 'whole' as const),
  areaUnit: fc.constantFrom('㎡', '平方米', 'm²', '万㎡', '万平方米'),
  moneyUnit: fc.constantFrom('元', '万元'),
  headers: fc.nat(1000),
  seq: fc.constantFrom('each' as const, 'none' as const, 'missing' as const, 'merged' as const),
  extras: fc.subarray(['建成年代', '产权单位', '物业情况']),
  extraMerged: fc.boolean(),
  total: fc.boolean(),
  totalFirst: fc.boolean(),
  note: fc.boolean(),
  flags: fc.boolean(),
  every: fc.boolean(),
  fault: fc.constantFrom<Fault>('none', 'none', 'none', 'partial', 'conflict', 'wrongTotal', 'straddle', 'unitless'),
  seed: fc.integer(),
});
export type Spec = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

interface Estate {
  name: string;
  district: string;
  street: string;
  community: string | null;
  project: string | null;
  /** Row index in the table body (0-based). */
  j: number;
  flag: boolean;
  extras: Record<string, string>;
  seq: number | null;
}

/** A set of body rows with one value written over it (a block, or one estate). */
interface Span {
  from: number;
  to: number;
  value: bigint;
}

export interface Table {
  spec: Spec;
  regionCode: string;
  estates: Estate[];
  districtBlocks: { from: number; to: number; name: string }[];
  streetBlocks: { from: number; to: number; name: string; person: string }[];
  projectBlocks: { from: number; to: number; name: string }[];
  /** The figures as written: each column's spans. */
  figures: Partial<Record<FigureKey, Span[]>>;
  totals: Partial<Record<FigureKey, bigint>>;
  headers: Record<string, string>;
  columns: string[];
  /** XLSX only: the street block ending at `blockTo`, merged on into the next district block's first row `to`. */
  straddle: { from: number; blockTo: number; to: number } | null;
}

/** mulberry32: the values of a table from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(xs: readonly T[], n: number) => xs[n % xs.length]!;

export function buildTable(spec: Spec, run: number): Table {
  const rnd = prng(spec.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const big = (lo: number, hi: number) => BigInt(int(lo, hi));
  const regionCode = spec.scope === 'city' ? '1503' : '150302';
  const withDistrict = spec.scope === 'city' || spec.districtColumn;

  // District blocks and their streets; adjacent street blocks never share a name, and adjacent
  // one-row blocks of the same district are avoided (they would read as one block).
  const estates: Estate[] = [];
  const districtBlocks: Table['districtBlocks'] = [];
  const streetBlocks: Table['streetBlocks'] = [];
  const projectBlocks: Table['projectBlocks'] = [];
  let lastStreet = '';
  let k = 0;
  let p = 0;
  for (const b of spec.blocks) {
    const district = spec.scope === 'city' ? pick(DISTRICT_NAMES, b.d) : '海勃湾区';
    const from = estates.length;
    const used = new Set<string>();
    for (const s of b.streets) {
      const list = DISTRICT_STREETS[district]!.streets;
      let street = pick(list, s.s);
      for (let i = 1; (used.has(street) || street === lastStreet) && i <= list.length; i++) street = pick(list, s.s + i);
      if (used.has(street) || street === lastStreet) continue;
      used.add(street);
      lastStreet = street;
      const sFrom = estates.length;
      for (let e = 0; e < s.estates; e++) {
        estates.push({
          name: `性质${run}小区${++k}`, district, street, community: spec.community ? `${street.slice(0, 2)}${streetBlocks.length + 1}社区` : null,
          project: null, j: estates.length, flag: rnd() < 0.5, extras: {}, seq: null,
        });
      }
      streetBlocks.push({ from: sFrom, to: estates.length - 1, name: street, person: `负责${streetBlocks.length + 1}` });
    }
    if (estates.length === from) continue;
    const prev = districtBlocks[districtBlocks.length - 1];
    if (prev && prev.name === district && prev.to === prev.from && estates.length - 1 === from) {
      // Two adjacent one-row blocks of one district would be one block: give this one a second estate.
      const last = estates[estates.length - 1]!;
      estates.push({ ...last, name: `性质${run}小区${++k}`, j: estates.length, flag: rnd() < 0.5, extras: {} });
      streetBlocks[streetBlocks.length - 1]!.to++;
    }
    districtBlocks.push({ from, to: estates.length - 1, name: district });
  }
  if (spec.projects) {
    for (const sb of streetBlocks) {
      const split = sb.to > sb.from && rnd() < 0.5 ? int(sb.from + 1, sb.to) : sb.to + 1;
      for (const [f, t] of [[sb.from, split - 1], [split, sb.to]] as const) {
        if (f > t) continue;
        const name = `性质${run}工程${++p}`;
        projectBlocks.push({ from: f, to: t, name });
        for (let j = f; j <= t; j++) estates[j]!.project = name;
      }
    }
  }

  // 序号, unknown columns.
  estates.forEach((e, j) => {
    if (spec.seq === 'each') e.seq = j + 1;
    if (spec.seq === 'missing') e.seq = rnd() < 0.7 ? j + 1 : null;
    if (spec.seq === 'merged') {
      const i = streetBlocks.findIndex((b) => b.from === j);
      e.seq = i >= 0 ? i + 1 : null;
    }
  });
  for (const x of spec.extras) {
    for (const sb of streetBlocks) {
      const v = `${x}${int(1, 9)}`;
      for (let j = sb.from; j <= sb.to; j++) estates[j]!.extras[x] = spec.extraMerged ? v : `${v}-${j}`;
    }
  }

  // Figures: per estate, or over the blocks of the table's block level.
  const n = estates.length;
  const blockSets = (): { from: number; to: number }[] => {
    if (spec.blockLevel === 'whole') return [{ from: 0, to: n - 1 }];
    if (spec.projects) return projectBlocks;
    return spec.blockLevel === 'district' ? districtBlocks : streetBlocks;
  };
  const value = (key: FigureKey): bigint => {
    switch (key) {
      case 'households': return big(1, 2000);
      case 'buildingCount': return big(1, 60);
      case 'floorAreaM2': return big(1, 5_000_000_000); // cents of m²
      case 'plannedInvestmentWan': return big(1, 9_000_000_000); // 1e-6 万元
      case 'completedInvestmentWan': return big(0, 900_000_000);
      case 'completionRatePct': return big(0, 10000);
    }
  };
  const figures: Table['figures'] = {};
  for (const key of FIGURES) {
    let level = spec.levels[key];
    // Completed money is written where planned money is, or the rate has no base (refused otherwise).
    if (key === 'completedInvestmentWan' && spec.fault !== 'conflict') level = spec.levels.plannedInvestmentWan === 'absent' ? level : spec.levels.plannedInvestmentWan;
    if (level === 'absent') continue;
    let sets = level === 'estate' ? estates.map((e) => ({ from: e.j, to: e.j })) : blockSets();
    if (key === 'completedInvestmentWan' && spec.fault === 'conflict' && level === 'block') {
      sets = spec.blockLevel === 'street' || spec.projects ? districtBlocks : streetBlocks;
    }
    figures[key] = sets.map((s) => ({ ...s, value: value(key) }));
  }
  if (spec.fault === 'partial') {
    const key = FIGURES.find((f) => figures[f]?.some((s) => s.to > s.from));
    if (key) {
      const spans = figures[key]!;
      const i = spans.findIndex((s) => s.to > s.from);
      const s = spans[i]!;
      spans.splice(i, 1, { from: s.from, to: s.to - 1, value: s.value }, { from: s.to, to: s.to, value: value(key) });
    }
  }
  const totals: Table['totals'] = {};
  if (spec.total) {
    for (const key of SUMMABLE) {
      if (!figures[key]) continue;
      totals[key] = figures[key]!.reduce((a, s) => a + s.value, 0n) + (spec.fault === 'wrongTotal' && key === SUMMABLE.find((x) => figures[x]) ? 1n : 0n);
    }
  }

  // Headers, in one of the variants bureaus use.
  const h = spec.headers;
  const areaUnit = spec.areaUnit;
  const headers: Record<string, string> = {
    seq: '序号',
    district: pick(['辖区', '所在区县', '区县'], h),
    street: pick(['街道', '街道（镇）', '所在街道', '所在街道（乡镇）', '街道办事处'], h >> 1),
    community: pick(['所在社区', '社区'], h >> 2),
    estate: pick(['小区名称', '小区'], h >> 3),
    project: pick(['项目名称', '备注'], h >> 4),
    person: '负责人',
    flag: '是否完工',
    households: pick(['户数', '户数（户）', '改造户数'], h >> 5),
    buildingCount: pick(['栋数', '楼栋数（幢）', '楼栋数'], h >> 6),
    floorAreaM2: spec.fault === 'unitless' ? '建筑面积' : `${pick(['建筑面积', '总建筑面积', '改造面积'], h >> 7)}（${areaUnit}）`,
    plannedInvestmentWan: `${pick(['预计投资额', '计划投资', '总投资'], h >> 8)}（${spec.moneyUnit}）`,
    completedInvestmentWan: `${pick(['累计完成投资额', '完成投资'], h >> 9)}（${spec.moneyUnit}）`,
    completionRatePct: '完工率（%）',
  };
  const columns = [
    ...(spec.seq === 'none' ? [] : ['seq']),
    ...(withDistrict ? ['district'] : []),
    'street',
    ...(spec.community ? ['community'] : []),
    'estate',
    ...(spec.projects ? ['project'] : []),
    'person',
    ...(spec.flags ? ['flag'] : []),
    ...FIGURES.filter((k) => figures[k]),
    ...spec.extras.map((x) => `x:${x}`),
  ];
  let straddle: Table['straddle'] = null;
  if (spec.fault === 'straddle' && withDistrict && districtBlocks.length > 1) {
    const next = districtBlocks[1]!;
    const sb = streetBlocks.find((b) => b.to === next.from - 1)!;
    straddle = { from: sb.from, blockTo: sb.to, to: next.from };
  }
  if (spec.fault === 'unitless' && !figures.floorAreaM2) figures.floorAreaM2 = estates.map((e) => ({ from: e.j, to: e.j, value: value('floorAreaM2') }));
  if (spec.fault === 'unitless' && !columns.includes('floorAreaM2')) columns.splice(columns.indexOf('person') + 1, 0, 'floorAreaM2');
  return { spec, regionCode, estates, districtBlocks, streetBlocks, projectBlocks, figures, totals, headers, columns, straddle };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** A scaled value as the table writes it, in the column's unit. */
function written(t: Table, key: FigureKey, v: bigint): string {
  const shift = key === 'floorAreaM2' ? (t.spec.areaUnit.startsWith('万') ? 4 : 0) : MONEY.includes(key) ? (t.spec.moneyUnit === '元' ? -4 : 0) : 0;
  const places = PLACES[key] + shift; // digits after the point in the written unit
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(places + 1, '0');
  const int = places ? s.slice(0, s.length - places) : s;
  const frac = places ? s.slice(s.length - places).replace(/0+$/, '') : '';
  return `${int}${frac ? `.${frac}` : ''}`;
}

interface Cell {
  text: string;
  /** Rows this cell is merged over in XLSX (inclusive), when more than its own. */
  span?: number;
}

/** The body as columns of cells: a value at the first row of its block, null below (covered). */
function body(t: Table, format: 'xlsx' | 'csv'): { header: string[]; rows: (Cell | null)[][]; total: string[] | null } {
  const n = t.estates.length;
  const col = (make: (j: number) => Cell | null) => Array.from({ length: n }, (_, j) => make(j));
  const blockCells = (blocks: { from: number; to: number }[], text: (b: number) => string, every: boolean) =>
    col((j) => {
      const b = blocks.findIndex((x) => x.from <= j && j <= x.to);
      if (b < 0) return { text: '' };
      const blk = blocks[b]!;
      if (every) return { text: text(b) };
      return j === blk.from ? { text: text(b), span: blk.to - blk.from + 1 } : null;
    });
  const columns: Record<string, (Cell | null)[]> = {
    seq: col((j) => {
      const e = t.estates[j]!;
      if (t.spec.seq !== 'merged') return { text: e.seq === null ? '' : String(e.seq) };
      const i = t.streetBlocks.findIndex((b) => b.from === j);
      return i >= 0 ? { text: String(i + 1), span: t.streetBlocks[i]!.to - j + 1 } : null;
    }),
    district: blockCells(t.districtBlocks, (b) => t.districtBlocks[b]!.name, false),
    street: blockCells(t.streetBlocks, (b) => t.streetBlocks[b]!.name, t.spec.every),
    community: blockCells(t.streetBlocks, (b) => t.estates[t.streetBlocks[b]!.from]!.community ?? '', t.spec.every),
    estate: col((j) => ({ text: t.estates[j]!.name })),
    project: blockCells(t.projectBlocks, (b) => t.projectBlocks[b]!.name, t.spec.every),
    person: blockCells(t.streetBlocks, (b) => t.streetBlocks[b]!.person, t.spec.every),
    flag: col((j) => ({ text: t.estates[j]!.flag ? '是' : '否' })),
  };
  for (const key of FIGURES) {
    const spans = t.figures[key];
    if (!spans) continue;
    columns[key] = col((j) => {
      const s = spans.find((x) => x.from === j);
      if (s) return { text: written(t, key, s.value), span: s.to - s.from + 1 };
      return spans.some((x) => x.from < j && j <= x.to) ? null : { text: '' };
    });
  }
  for (const x of t.spec.extras) {
    // A column the importer does not know is never continued in a CSV: written on every row there.
    columns[`x:${x}`] = t.spec.extraMerged && format === 'xlsx'
      ? blockCells(t.streetBlocks, (b) => t.estates[t.streetBlocks[b]!.from]!.extras[x]!, false)
      : col((j) => ({ text: t.estates[j]!.extras[x]! }));
  }
  const header = t.columns.map((c) => (c.startsWith('x:') ? c.slice(2) : t.headers[c]!));
  const rows = Array.from({ length: n }, (_, j) => t.columns.map((c) => columns[c]![j]!));
  let total: string[] | null = null;
  if (t.spec.total) {
    total = t.columns.map((c, i) => {
      if (i === 0) return '合计';
      const v = t.totals[c as FigureKey];
      return v === undefined ? '' : written(t, c as FigureKey, v);
    });
  }
  return { header, rows, total };
}

function preamble(t: Table, year: number): string[] {
  return [`${year}年乌海市老旧小区改造计划表`, ...(t.spec.flags ? ['填报单位：乌海市住建局  填报日期：2035.6.30'] : [])];
}

export async function toXlsx(t: Table, year: number): Promise<File> {
  const { header, rows, total } = body(t, 'xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('计划表');
  for (const line of preamble(t, year)) ws.addRow([line]);
  ws.addRow(header);
  if (total && t.spec.totalFirst) ws.addRow(total.map((v, i) => (v === '' ? null : FIGURES.includes(t.columns[i] as FigureKey) ? Number(v) : v)));
  const first = ws.rowCount + 1;
  const numeric = new Set(t.columns.map((c, i) => (FIGURES.includes(c as FigureKey) ? i : -1)).filter((i) => i >= 0));
  rows.forEach((r) => ws.addRow(r.map((c, i) => (c === null || c.text === '' ? null : numeric.has(i) ? Number(c.text) : c.text))));
  rows.forEach((r, j) =>
    r.forEach((c, i) => {
      if (c?.span && c.span > 1) ws.mergeCells(first + j, i + 1, first + j + c.span - 1, i + 1);
    }),
  );
  if (t.straddle) {
    // Re-merge the street over one row of the next district.
    const col = t.columns.indexOf('street') + 1;
    if (t.straddle.blockTo > t.straddle.from && !t.spec.every) ws.unMergeCells(first + t.straddle.from, col, first + t.straddle.blockTo, col);
    const next = t.streetBlocks.find((b) => b.from === t.straddle!.to)!;
    if (next.to > next.from && !t.spec.every) ws.unMergeCells(first + next.from, col, first + next.to, col);
    ws.getCell(first + t.straddle.to, col).value = null;
    ws.mergeCells(first + t.straddle.from, col, first + t.straddle.to, col);
  }
  if (total && !t.spec.totalFirst) ws.addRow(total.map((v, i) => (v === '' ? null : numeric.has(i) ? Number(v) : v)));
  if (t.spec.note) ws.addRow(['注：数据以实际入户调查为准']);
  return new File([await wb.xlsx.writeBuffer()], `plan-${year}.xlsx`);
}

export function toCsv(t: Table, year: number): File {
  const { header, rows, total } = body(t, 'csv');
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [...preamble(t, year).map((l) => esc(l)), header.map(esc).join(',')];
  if (total && t.spec.totalFirst) lines.push(total.map(esc).join(','));
  lines.push(...rows.map((r) => r.map((c) => esc(c?.text ?? '')).join(',')));
  if (total && !t.spec.totalFirst) lines.push(total.map(esc).join(','));
  if (t.spec.note) lines.push('注：数据以实际入户调查为准');
  return new File([lines.join('\n')], `plan-${year}.csv`, { type: 'text/csv' });
}

// ---------------------------------------------------------------------------------------------
// The oracle: what the importer must store, or which column it must name when it refuses.

export interface Expected {
  refused: false;
  estates: Map<string, { households: bigint | null; buildingCount: bigint | null; floorAreaM2: bigint | null; plannedInvestmentWan: bigint | null; completedInvestmentWan: bigint | null; seq: number | null; attributes: { name: string; value: string }[]; street: string; community: string | null; flag: boolean | null }>;
  /** Each project or batch: its estates (sorted names) and figures. */
  projects: { estates: string[]; figures: Partial<Record<FigureKey, bigint>> }[];
  stated: Partial<Record<FigureKey, bigint>>;
}
export type Outcome = Expected | { refused: true; column: string | null; why: string };

export function expected(t: Table, format: 'xlsx' | 'csv'): Outcome {
  const h = t.headers;
  const n = t.estates.length;
  const refuse = (column: string | null, why: string): Outcome => ({ refused: true, column, why });
  if (t.spec.fault === 'unitless') return refuse(h.floorAreaM2!, 'area without unit');
  if (format === 'xlsx' && t.straddle) return refuse(h.street!, 'street merge straddles districts');

  const withDistrict = t.columns.includes('district');
  const same = (a: { from: number; to: number }, b: { from: number; to: number }) => a.from === b.from && a.to === b.to;
  const estateOwn = t.estates.map(() => ({} as Partial<Record<FigureKey, bigint>>));
  const attrs: { name: string; value: string }[][] = t.estates.map(() => []);
  const groups = new Map<string, { from: number; to: number; figures: Partial<Record<FigureKey, bigint>> }>();
  const groupOf: (string | null)[] = t.estates.map(() => null);
  for (const pb of t.projectBlocks) {
    const key = `${pb.from}-${pb.to}`;
    groups.set(key, { ...pb, figures: {} });
    for (let j = pb.from; j <= pb.to; j++) groupOf[j] = key;
  }
  const stated: Partial<Record<FigureKey, bigint>> = {};
  const districts = new Set(t.estates.map((e) => e.district));

  // A column is read in its order; the first refusal names it.
  for (const key of FIGURES) {
    const spans = t.figures[key];
    if (!spans) continue;
    const header = h[key]!;
    if (spans.every((s) => s.from === s.to)) {
      for (const s of spans) {
        if (key === 'completionRatePct') attrs[s.from]!.push({ name: header, value: written(t, key, s.value) });
        else estateOwn[s.from]![key] = s.value;
      }
      continue;
    }
    for (const s of spans) {
      const whole = s.from === 0 && s.to === n - 1;
      if (t.projectBlocks.length) {
        if (t.projectBlocks.some((b) => same(b, s))) {
          groups.get(`${s.from}-${s.to}`)!.figures[key] = s.value;
        } else if (whole && !MONEY.includes(key)) {
          stated[key] = s.value;
        } else return refuse(header, 'not one project');
        continue;
      }
      const isDistrict = withDistrict && t.districtBlocks.some((b) => same(b, s));
      if (!isDistrict && whole && withDistrict && districts.size > 1) return refuse(header, 'whole table over several districts');
      if (!isDistrict && !whole && !t.streetBlocks.some((b) => same(b, s))) return refuse(header, 'no block');
      const key2 = `${s.from}-${s.to}`;
      for (let j = s.from; j <= s.to; j++) if (groupOf[j] && groupOf[j] !== key2) return refuse(header, 'two batches');
      if (!groups.has(key2)) groups.set(key2, { from: s.from, to: s.to, figures: {} });
      for (let j = s.from; j <= s.to; j++) groupOf[j] = key2;
      groups.get(key2)!.figures[key] = s.value;
    }
  }
  // Completed money needs planned money for the same estate or batch.
  if (t.figures.plannedInvestmentWan && t.figures.completedInvestmentWan) {
    const lacking = (f: Partial<Record<FigureKey, bigint>>) => f.completedInvestmentWan !== undefined && f.plannedInvestmentWan === undefined;
    if (estateOwn.some(lacking) || [...groups.values()].some((g) => lacking(g.figures))) return refuse(h.completedInvestmentWan!, 'completed without planned');
  }
  for (const [key, total] of Object.entries(t.totals) as [FigureKey, bigint][]) {
    const sum = t.figures[key]!.reduce((a, s) => a + s.value, 0n);
    if (sum !== total) return refuse(h[key]!, '合计');
  }
  Object.assign(stated, t.totals, { ...stated });

  const estates: Expected['estates'] = new Map();
  t.estates.forEach((e, j) => {
    const f = estateOwn[j]!;
    estates.set(e.name, {
      households: f.households ?? null, buildingCount: f.buildingCount ?? null, floorAreaM2: f.floorAreaM2 ?? null,
      plannedInvestmentWan: f.plannedInvestmentWan ?? null, completedInvestmentWan: f.completedInvestmentWan ?? null,
      seq: e.seq,
      attributes: [...t.spec.extras.map((x) => ({ name: x, value: e.extras[x]! })), ...attrs[j]!],
      street: e.street, community: e.community, flag: t.spec.flags ? e.flag : null,
    });
  });
  const projects = [...groups.values()].map((g) => ({
    estates: t.estates.slice(g.from, g.to + 1).map((e) => e.name).sort(),
    figures: g.figures,
  }));
  return { refused: false, estates, projects, stated };
}

/** A decimal text from the database as a whole number of 10^-places units. */
export function scaled(text: string | null, places: number): bigint | null {
  if (text === null) return null;
  const [int, frac = ''] = text.split('.');
  return BigInt(int! + frac.padEnd(places, '0').slice(0, places)) * 1n;
}
