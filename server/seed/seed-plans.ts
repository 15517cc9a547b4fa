import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { geodataPath } from './paths.ts';

/** The five seed programmes, each loaded through the same importer users get. */
export const DEMO_PLANS = [
  {
    file: 'nankang-2024-plan.csv', slug: 'nankang-2024', regionCode: '360703', year: 2024,
    title: '2024年南康区城镇老旧小区改造计划', titleEn: 'Nankang 2024', document: '〔2024〕20号', issuedOn: '2024-05-17',
    source: 'seed 004 (南康区 2024 实施方案), 附件2',
  },
  {
    file: 'wuhai-2020-ranking.csv', slug: 'wuhai-2020', regionCode: '1503', year: 2020,
    title: '2020年乌海市老旧小区改造项目', titleEn: 'Wuhai 2020', document: '乌建局政字〔2021〕56号', issuedOn: '2021-04-30',
    asOf: '2021-04-25', source: 'seed 001 (乌海市 通报), 附件1',
  },
  {
    file: 'wuhai-2021-ranking.csv', slug: 'wuhai-2021', regionCode: '1503', year: 2021,
    title: '2021年乌海市老旧小区改造项目', titleEn: 'Wuhai 2021', document: '乌建局政字〔2021〕56号', issuedOn: '2021-04-30',
    asOf: '2021-04-25', source: 'seed 001 (乌海市 通报), 附件2',
  },
  {
    file: 'jiangkou-2023-projects.csv', slug: 'jiangkou-2023', regionCode: '520621', year: 2023,
    title: '江口县2023年老旧小区改造项目', titleEn: 'Jiangkou 2023', document: '江府办发〔2023〕8号', issuedOn: '2023-03-02',
    source: 'seed 002 (江口县 实施方案), 二、主要任务',
  },
  {
    file: 'beilun-2019-estates.csv', slug: 'beilun-2019', regionCode: '330206', year: 2019,
    title: '2019年北仑区老旧小区改造建设及环境整治', titleEn: 'Beilun 2019', document: null, issuedOn: null,
    source: 'seed 003 (北仑区 立功竞赛方案), 附件1',
  },
] as const;

export function readSeedGrid(file: string): string[][] {
  return parse(readFileSync(geodataPath(`seeds/${file}`), 'utf8'), { relax_column_count: true }) as string[][];
}

