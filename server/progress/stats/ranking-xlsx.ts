import type { Queryable } from '../../db/engine.ts';
import { excel, xlsxBytes } from '../../export/cells.ts';
import type { RankingQuery, RankingResponse } from '../../../shared/progress/contract.ts';
import { pct2 } from '../../../shared/progress/ranking.ts';
import { periodOfInstant } from '../../../shared/progress/periods.ts';
import { rankingEstatesSql } from './ranking-sql.ts';

interface EstateLine {
  code: string;
  name: string;
  street_name: string;
  person_in_charge: string | null;
  leader: string | null;
  completed: boolean | null;
}

type Column = { header: string; width: number; value: (row: Block, line: EstateLine) => string | number | null; merge: 'row' | 'street' | null };
interface Block {
  rank: number | null;
  name: string;
  plannedInvestmentWan: number | null;
  completedInvestmentWan: number | null;
  rate: number | null;
}

/** 2021-04-25 → 2021.4.25, as the circular prints its 填报日期. */
const printedDate = (iso: string) => iso.split('-').map((x, i) => (i ? String(Number(x)) : x)).join('.');

function todayInBeijing(now: Date): string {
  return `${periodOfInstant(now)}-${String(new Date(now.getTime() + 8 * 3600_000).getUTCDate()).padStart(2, '0')}`;
}

/**
 * The ranking as the circulars print it (seed 001, 附件): a title, 填报日期, then one line per
 * estate with the rank, region, money and rate merged over each region's block and the street,
 * person in charge and leader merged over each street, and a 合计 line.
 */
export async function rankingWorkbook(db: Queryable, q: RankingQuery, r: RankingResponse, now = new Date()): Promise<Buffer> {
  const lines = await db.query<EstateLine>(rankingEstatesSql, [q.level, q.parent ?? null, q.year ?? null, q.period ?? null]);
  const rateHeader = q.orderBy === 'completionRate' ? '完工率 (%)' : '投资完成率 (%)';
  const regionHeader = { district: '辖区', street: '街道办事处', community: '社区' }[q.level];
  const columns: Column[] = [
    { header: '排名', width: 6, value: (b) => b.rank, merge: 'row' },
    { header: regionHeader, width: 12, value: (b) => b.name, merge: 'row' },
    ...(q.level === 'street' ? [] : [{ header: '街道办事处', width: 14, value: (_b: Block, l: EstateLine) => l.street_name, merge: 'street' as const }]),
    { header: '负责人', width: 10, value: (_b, l) => l.person_in_charge, merge: 'street' },
    { header: '责任领导', width: 10, value: (_b, l) => l.leader, merge: 'street' },
    { header: '小区名称', width: 30, value: (_b, l) => l.name, merge: null },
    { header: '是否完工', width: 9, value: (_b, l) => (l.completed === null ? null : l.completed ? '是' : '否'), merge: null },
    { header: '预计投资额 (万元)', width: 14, value: (b) => b.plannedInvestmentWan, merge: 'row' },
    { header: '累计完成投资额 (万元)', width: 16, value: (b) => b.completedInvestmentWan, merge: 'row' },
    { header: rateHeader, width: 13, value: (b) => b.rate, merge: 'row' },
  ];

  const wb = new (await excel()).Workbook();
  wb.creator = 'estate-renovation-map';
  const ws = wb.addWorksheet('排名表');
  ws.columns = columns.map((c) => ({ width: c.width }));
  const last = columns.length;
  ws.addRow([r.title]);
  ws.mergeCells(1, 1, 1, last);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  const filled = r.asOf ?? todayInBeijing(now);
  ws.addRow([`填报日期：${printedDate(filled)}${r.period ? `    统计期：${r.period}` : ''}`]);
  ws.mergeCells(2, 1, 2, last);
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };

  const rateOf = (x: { investmentRate: number | null; completionRate: number | null }) => pct2(x[q.orderBy]);
  for (const row of r.rows) {
    const block: Block = { rank: row.rank, name: row.name, plannedInvestmentWan: row.plannedInvestmentWan, completedInvestmentWan: row.completedInvestmentWan, rate: rateOf(row) };
    const mine = lines.filter((l) => l.code === row.code);
    const first = ws.rowCount + 1;
    for (const l of mine) ws.addRow(columns.map((c) => c.value(block, l)));
    const lastRow = ws.rowCount;
    columns.forEach((c, i) => {
      if (c.merge === 'row' && lastRow > first) ws.mergeCells(first, i + 1, lastRow, i + 1);
      if (c.merge !== 'street') return;
      // Merge runs of the same street, as the circular does.
      let start = first;
      for (let k = first + 1; k <= lastRow + 1; k++) {
        if (k <= lastRow && mine[k - first]!.street_name === mine[start - first]!.street_name) continue;
        if (k - 1 > start) ws.mergeCells(start, i + 1, k - 1, i + 1);
        start = k;
      }
    });
  }
  const total = ws.addRow(columns.map((c, i) => {
    if (i === 1) return '合计';
    if (c.header.startsWith('预计投资额')) return r.total.plannedInvestmentWan;
    if (c.header.startsWith('累计完成投资额')) return r.total.completedInvestmentWan;
    if (c.header === rateHeader) return rateOf(r.total);
    return null;
  }));
  total.font = { bold: true };
  const rateCol = columns.findIndex((c) => c.header === rateHeader) + 1;
  ws.getColumn(rateCol).numFmt = '0.00';
  ws.eachRow((row, n) => {
    if (n > 2) row.alignment = { vertical: 'middle', wrapText: true };
  });
  // Names and persons are typed by users: written as text, never as formulas (server/export/cells.ts).
  return xlsxBytes(wb);
}
