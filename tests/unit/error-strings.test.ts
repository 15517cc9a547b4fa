/**
 * Errors people can read (issue 15): every code the API answers with has Chinese and English
 * words that use the details, and the client never shows the server's own sentence.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, isErrorCode } from '../../shared/errors/codes.ts';
import { ERROR_STRINGS } from '../../client/src/errors/strings.ts';
import { describeError } from '../../client/src/errors/describe.ts';
import { WARNING_CODES } from '../../shared/plans/contract.ts';
import { warningText } from '../../client/src/plans/warnings.ts';

const CJK = /[\u4e00-\u9fff]/;
const SAMPLE = { max: 32, limitBytes: 20 * 2 ** 20, limitMb: 512, retryAfterSeconds: 600, region: '360703', planYear: 2024, previous: 80, planned: 120.5, unknownIds: [7, 9], estateIds: [3] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('error codes and their words', () => {
  it.each(ERROR_CODE_LIST)('%s has Chinese and English words', (code) => {
    const { zh, en } = ERROR_STRINGS[code];
    const say = (w: typeof zh) => (typeof w === 'function' ? w(SAMPLE) : w);
    expect(say(zh)).toMatch(CJK);
    expect(say(zh)).not.toMatch(/undefined|\?\?|\[object/);
    expect(say(en).length).toBeGreaterThan(5);
    expect(say(en)).not.toMatch(/undefined|\[object/);
  });

  it('every code the server throws is a known code', () => {
    const thrown = new Set<string>();
    for (const file of [...sourceFiles('server'), ...sourceFiles('shared')]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/HttpError\(\s*\d{3},\s*'([a-z_0-9]+)'/g)) thrown.add(m[1]!);
      for (const m of text.matchAll(/unprocessable\(\s*'([a-z_0-9]+)'/g)) thrown.add(m[1]!);
    }
    expect(thrown.size).toBeGreaterThan(50);
    expect([...thrown].filter((c) => !isErrorCode(c))).toEqual([]);
  });

  it('words the places a refusal names: rows and columns of a plan table, in the UI language', () => {
    const details = {
      problems: [
        { row: 3, column: '预计投资额', reason: 'not a number: "约五百万"' },
        { row: 7, column: '户数', reason: 'not a whole number' },
        { row: 9, column: null, reason: 'a second 合计 row' },
        { row: 12, column: '楼栋数', reason: 'negative' },
      ],
    };
    expect(describeError(422, 'invalid_plan_table', details, 'zh')).toBe(
      '计划表未通过检查，未写入任何数据：第 3 行「预计投资额」列（not a number: "约五百万"）；第 7 行「户数」列（not a whole number）；第 9 行（a second 合计 row）；等共 4 处',
    );
    expect(describeError(422, 'invalid_plan_table', details, 'en')).toBe(
      'The plan table was refused; nothing was written: row 3, column 预计投资额 (not a number: "约五百万"); row 7, column 户数 (not a whole number); row 9 (a second 合计 row); 4 in all',
    );
  });

  it('words limits and parameters from the details', () => {
    expect(describeError(413, 'payload_too_large', { limitBytes: 20 * 2 ** 20 }, 'zh')).toBe('文件超过上限 20 MB，请拆分后再上传');
    expect(describeError(400, 'bad_request', [{ parameter: 'year', message: 'must be a year' }], 'zh')).toBe('请求中有参数缺失或格式不对：参数 year（must be a year）');
    expect(describeError(429, 'too_many_attempts', { retryAfterSeconds: 290 }, 'en')).toBe('Too many login attempts: try again in 5 min');
  });

  it('words each coded geometry problem in the UI language, with the feature number (issue 17)', () => {
    const details = [
      { feature: 2, code: 'not_polygon', params: { type: 'LineString' }, reason: 'is a LineString; red lines and building footprints are polygons' },
      { feature: 4, code: 'ring_open', params: { polygon: 0, ring: 0 }, reason: 'ring 0 (the outline) is not closed: …' },
    ];
    expect(describeError(422, 'invalid_geometry', details, 'zh')).toBe(
      '图形无效，未保存：要素 2 是线（LineString），红线和楼栋轮廓须为面（Polygon 或 MultiPolygon）；要素 4 外边界未闭合（首尾坐标不同），请闭合后再保存',
    );
    expect(describeError(422, 'invalid_geometry', details, 'en')).toBe(
      'The shape is not valid; nothing was saved: feature 2 is a LineString; red lines and footprints are polygons; feature 4: the outline is not closed: its first and last positions differ',
    );
    // A drawn red line: no place to name.
    expect(describeError(422, 'invalid_geometry', [{ field: 'geometry', code: 'ring_too_short', params: { polygon: 0, ring: 1, positions: 3 }, reason: '…' }], 'zh')).toBe(
      '图形无效，未保存：第 1 个内洞只有 3 个坐标，闭合的环至少需要 4 个',
    );
  });

  it('words a read stopped by time, not by memory, with its seconds', () => {
    expect(describeError(413, 'too_large_to_read', { limitSeconds: 60 }, 'zh')).toBe('60 秒内未能读完该文件，请拆分后再上传');
    expect(describeError(413, 'too_large_to_read', { limitMb: 512 }, 'zh')).toBe('读取该文件需要超过 512 MB 内存，请拆分后再上传');
  });

  it('words an overlap with the estates and their areas', () => {
    const details = [{ estateId: 21, name: '芙蓉花苑', areaM2: 3000.004 }, { estateId: 22, name: '道路', areaM2: 12.5 }];
    expect(describeError(422, 'overlap', details, 'zh')).toBe('红线与同一计划的其他小区重叠超过 1 平方米（芙蓉花苑 3,000 m²、道路 12.5 m²）；请调整红线，或填写原因后确认保存');
    expect(describeError(422, 'overlap', details, 'en')).toContain('(芙蓉花苑 3,000 m², 道路 12.5 m²)');
  });

  it('a code it does not know is worded by its status, never by the server sentence', () => {
    expect(describeError(502, 'http_502', undefined, 'zh')).toBe('服务器暂时无法处理（HTTP 502），请稍后重试');
    expect(describeError(418, 'teapot', { row: 1 }, 'en')).toBe('The request was not accepted (HTTP 418): row 1');
  });

  it.each(WARNING_CODES)('import warning %s has Chinese and English words from its values', (code) => {
    const values = { title: '2024年南康区老旧小区改造计划', titleYear: 2024, year: 2025, tableAsOf: '2024-06-30', asOf: '2024-07-01', metric: 'households', value: 120, unit: '户',
      cell: '2023年一季度', named: 2023, count: 2, projects: 3, stored: '万元', places: 4, name: '金赣小区', flag: '是', month: '2024-05' };
    const zh = warningText({ code, message: 'the server sentence', column: '建成年代', values }, 'zh');
    const en = warningText({ code, message: 'the server sentence', column: '建成年代', values }, 'en');
    expect(zh).toMatch(CJK);
    for (const text of [zh, en]) expect(text).not.toMatch(/undefined|the server sentence/);
  });

  it('no client component shows a server message as it is', () => {
    const offenders = sourceFiles('client/src')
      .filter((f) => !f.startsWith(join('client', 'src', 'api')) && !f.startsWith(join('client', 'src', 'errors')))
      // The crash page shows the client's own exception (a bug in the page), not an answer.
      .filter((f) => f !== join('client', 'src', 'ErrorBoundary.tsx'))
      // An answer's body read by hand (`body.error.message`) or the kept English sentence.
      .filter((f) => /\.error\??\.message\b|\.serverMessage\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
