/**
 * Which estate, project or batch each figure of a plan table belongs to. A figure belongs to
 * exactly the rows its cell covers (see cells.ts):
 * - in a column where every value covers one row, each value is that row's estate's own figure;
 * - otherwise each value must cover exactly one block, taken in this order: a project (项目名称 /
 *   备注), a district block (辖区), the whole table when all its rows lie in one district, a street
 *   block (街道). A district or street block, or the whole table, becomes a batch: a project of the
 *   rows it spans. The same district in two separate blocks is two batches;
 * - a value over the whole table whose rows are in several projects is the plan's stated figure
 *   (households, buildings, area, rates; money is refused: it would be no project's);
 * - anything else (a value over part of a block, or over two blocks) is refused with its rows.
 * An estate is in at most one project or batch: figures of two columns that would put it in two
 * different ones are refused.
 */
import { MONEY_KEYS, UNITS, type FigureKey } from './columns.ts';
import type { Block, ColumnCells, DataRow } from './cells.ts';
import { parseCount, parseScaled, scaledToNumber, type Parsed } from './values.ts';
import type { Problem, Warning } from './types.ts';

export type Figures = Partial<Record<FigureKey, number>>;

export type GroupKind = 'project' | 'district' | 'street' | 'plan';

export interface Group {
  key: string;
  /** project: named in 备注/项目名称; district/street: a block's batch; plan: the whole table's batch. */
  kind: GroupKind;
  /** The project's name, or the district/street label of a batch (null for the plan's batch). */
  name: string | null;
  district: string | null;
  /** The distinct streets of its rows, in table order. */
  streets: string[];
  /** The district label appears in more than one separate block of the table. */
  repeated: boolean;
  rows: number[];
  figures: Figures;
  contentItems: string[];
  dueOn: string | null;
}

/** Stored scale of each figure: whole counts, m² to 0.01, 万元 to the fen, % to 0.01; and the column type's limit. */
export const FIGURE_SCALE: Record<FigureKey, { places: number; max: bigint }> = {
  households: { places: 0, max: 2147483647n },
  buildingCount: { places: 0, max: 2147483647n },
  floorAreaM2: { places: 2, max: 10n ** 14n - 1n }, // numeric(14,2)
  plannedInvestmentWan: { places: 6, max: 10n ** 15n - 1n }, // 15 significant digits: exact as a JS number
  completedInvestmentWan: { places: 6, max: 10n ** 15n - 1n },
  completionRatePct: { places: 2, max: 10n ** 7n - 1n }, // numeric(7,2)
  investmentRatePct: { places: 2, max: 10n ** 7n - 1n },
};

export function parseFigure(key: FigureKey, text: string, shift: number): Parsed<number> {
  const { places, max } = FIGURE_SCALE[key];
  if (places === 0) {
    const p = parseCount(text);
    if (!p.ok) return p;
    return BigInt(p.value) > max ? { ok: false, reason: `is too large to store: "${text}"` } : p;
  }
  const t = UNITS[key].units['%'] !== undefined ? text.replace(/[%％]\s*$/, '') : text;
  const p = parseScaled(t, places, shift, max);
  return p.ok ? { ok: true, value: scaledToNumber(p.value, places) } : p;
}

export interface FigureColumn {
  key: FigureKey;
  header: string;
  shift: number;
  cells: ColumnCells;
}

export interface Attribution {
  estateFigures: Figures[];
  /** Per-estate values of columns estates have no field for (rates printed per row), as attributes. */
  estateExtras: { name: string; value: string }[][];
  groups: Map<string, Group>;
  estateGroup: (string | null)[];
  planFigures: Figures;
}

export function attributeFigures(opts: {
  data: DataRow[];
  columns: FigureColumn[];
  projectBlocks: Block[];
  districtBlocks: Block[];
  streetBlocks: Block[];
  label: (key: 'district' | 'street', j: number) => string;
  problems: Problem[];
  warnings: Warning[];
}): Attribution {
  const { data, problems } = opts;
  const n = data.length;
  const rowRange = (from: number, to: number) => (from === to ? `row ${data[from]!.row}` : `rows ${data[from]!.row}–${data[to]!.row}`);
  const groups = new Map<string, Group>();
  const estateGroup: (string | null)[] = new Array(n).fill(null);
  const groupCause: (string | null)[] = new Array(n).fill(null);
  const estateFigures: Figures[] = data.map(() => ({}));
  const estateExtras: { name: string; value: string }[][] = data.map(() => []);
  const planFigures: Figures = {};

  const rowsOf = (from: number, to: number) => data.slice(from, to + 1).map((d) => d.row);
  const streetsOf = (from: number, to: number) => [...new Set(Array.from({ length: to - from + 1 }, (_, i) => opts.label('street', from + i)).filter(Boolean))];
  const districtCount = new Map<string, number>();
  for (const b of opts.districtBlocks) districtCount.set(b.value, (districtCount.get(b.value) ?? 0) + 1);

  // Projects named in the table hold their rows, with or without figures.
  const projectOf: (string | null)[] = new Array(n).fill(null);
  const seenProject = new Map<string, number>();
  for (const b of opts.projectBlocks) {
    if (seenProject.has(b.value)) {
      problems.push({
        row: data[b.from]!.row, column: '项目名称',
        reason: `project "${b.value}" appears again after other rows (first at row ${seenProject.get(b.value)}); list each project's estates together in one block`,
      });
      continue;
    }
    seenProject.set(b.value, data[b.from]!.row);
    const key = `project:${b.from}`;
    groups.set(key, {
      key, kind: 'project', name: b.value, district: opts.label('district', b.from) || null, streets: streetsOf(b.from, b.to),
      repeated: false, rows: rowsOf(b.from, b.to), figures: {}, contentItems: [], dueOn: null,
    });
    for (let j = b.from; j <= b.to; j++) {
      projectOf[j] = key;
      estateGroup[j] = key;
      groupCause[j] = '项目名称';
    }
  }

  const batch = (kind: 'district' | 'street' | 'plan', from: number, to: number, header: string): string | null => {
    const key = `${kind}:${from}-${to}`;
    if (!groups.has(key)) {
      const district = opts.label('district', from) || null;
      groups.set(key, {
        key, kind,
        name: kind === 'district' ? district : kind === 'street' ? opts.label('street', from) : null,
        district, streets: streetsOf(from, to), repeated: kind === 'district' && (districtCount.get(district ?? '') ?? 0) > 1,
        rows: rowsOf(from, to), figures: {}, contentItems: [], dueOn: null,
      });
    }
    for (let j = from; j <= to; j++) {
      if (estateGroup[j] && estateGroup[j] !== key) {
        problems.push({
          row: data[j]!.row, column: header,
          reason: `${header} is given for ${rowRange(from, to)} but ${groupCause[j]} for a different block containing this row; an estate belongs to one batch: merge the two columns over the same blocks`,
        });
        return null;
      }
    }
    for (let j = from; j <= to; j++) {
      estateGroup[j] = key;
      groupCause[j] = header;
    }
    return key;
  };

  for (const col of opts.columns) {
    const { key, header, cells } = col;
    const values = cells.pieces.map((p) => {
      const parsed = parseFigure(key, p.value, col.shift);
      if (!parsed.ok) problems.push({ row: data[p.from]!.row, column: header, reason: parsed.reason });
      return parsed.ok ? parsed.value : null;
    });
    const grouped = cells.pieces.some((p) => p.to > p.from);
    const isRate = key === 'completionRatePct' || key === 'investmentRatePct';
    if (!grouped) {
      cells.pieces.forEach((p, i) => {
        if (values[i] === null) return;
        if (isRate) estateExtras[p.from]!.push({ name: header, value: p.value });
        else estateFigures[p.from]![key] = values[i]!;
      });
      if (isRate && cells.pieces.length) {
        opts.warnings.push({ code: 'rates_kept_as_attributes', column: header, message: `${header} is printed per estate: kept on each estate as an attribute (the app derives its own rates)` });
      }
      continue;
    }
    if (cells.leadingBlank) {
      problems.push({ row: data[0]!.row, column: header, reason: 'is blank but has no value above it to continue (a merged cell starts with its value)' });
    }
    const exact = (blocks: Block[], from: number, to: number) => blocks.find((b) => b.from === from && b.to === to);
    cells.pieces.forEach((p, i) => {
      const v = values[i];
      if (v === null) return;
      const { from, to } = p;
      const whole = from === 0 && to === n - 1;
      const project = exact(opts.projectBlocks, from, to);
      if (project && projectOf[from]) {
        groups.get(projectOf[from]!)!.figures[key] = v;
        return;
      }
      const inProjects = new Set(projectOf.slice(from, to + 1).filter(Boolean));
      if (projectOf.slice(from, to + 1).some(Boolean)) {
        if (whole && !MONEY_KEYS.includes(key)) {
          planFigures[key] = v;
          opts.warnings.push({
            code: 'plan_figure_stated', row: data[from]!.row, column: header, values: { value: p.value, projects: inProjects.size },
            message: `${header} ${p.value} is written once for the whole table while its rows are in ${inProjects.size} projects: kept as the plan's stated figure, not given to any project or estate`,
          });
        } else {
          problems.push({
            row: data[from]!.row, column: header,
            reason: whole
              ? `the money ${p.value} covers the whole table (${rowRange(from, to)}) while its rows are in ${inProjects.size} projects: it is no one project's; write it per project, or leave out the project column to plan it as one batch`
              : `the value ${p.value} covers ${rowRange(from, to)}, which is not exactly one project (项目名称/备注): merge it over exactly one project's rows`,
          });
        }
        return;
      }
      const district = exact(opts.districtBlocks, from, to);
      const districts = new Set(Array.from({ length: n }, (_, j) => opts.label('district', j)));
      if (!district && whole && districts.size > 1) {
        problems.push({
          row: data[from]!.row, column: header,
          reason: `the value ${p.value} covers the whole table (${rowRange(from, to)}), which straddles ${districts.size} districts (${[...districts].filter(Boolean).join('、')}): a batch lies in one district; write it per district`,
        });
        return;
      }
      const target = district
        ? batch('district', from, to, header)
        : whole
          ? batch('plan', from, to, header)
          : exact(opts.streetBlocks, from, to)
            ? batch('street', from, to, header)
            : undefined;
      if (target === undefined) {
        problems.push({
          row: data[from]!.row, column: header,
          reason: `the value ${p.value} covers ${rowRange(from, to)}, which is not one project, one district block (辖区), one street block (街道) or the whole table; ${from === to ? 'other values of this column cover blocks of rows, so a value on one row must be merged over its block' : 'merge it over exactly one block'}${cells.mergeRead ? '' : ' (in a table without merged cells a blank cell continues the value above)'}`,
        });
        return;
      }
      if (target) groups.get(target)!.figures[key] = v;
    });
  }
  return { estateFigures, estateExtras, groups, estateGroup, planFigures };
}
