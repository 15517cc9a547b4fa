import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts.ts';

interface Props {
  option: ChartOption;
  /** Dark colours for the 大屏 view. */
  dark?: boolean;
  height: number;
  testId: string;
  /** A click on a data item (a bar): its index in the first series. */
  onItemClick?: (dataIndex: number) => void;
  ariaLabel: string;
}

/**
 * One ECharts instance in a div: made once, given each new option whole (notMerge, so series that
 * went away go), resized with its box, disposed with the component. After each render the number
 * of bars drawn (items of bar series with a graphic element) is written to data-rendered-bars, so
 * that tests count what is on the canvas, not what was asked for, and where the first series'
 * bars are (data-bar-centres, [x, y] in the box's pixels or null per item) for tests to click.
 */
export function EChart({ option, dark = false, height, testId, onItemClick, ariaLabel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => {
      if (typeof e.dataIndex === 'number' && e.seriesIndex === 0) click.current?.(e.dataIndex);
    });
    c.on('finished', () => {
      el.dataset.renderedBars = String(countBars(c));
      el.dataset.barCentres = JSON.stringify(barCentres(c));
      el.dataset.rendered = 'true';
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true });
  }, [option, dark]);

  return <div ref={box} className="db-chart" style={{ height }} data-testid={testId} role="img" aria-label={ariaLabel} />;
}

/** Bars actually laid out on the canvas: every bar series' items that have a graphic element. */
function countBars(c: echarts.ECharts): number {
  // getModel is not in the public typings; it is how ECharts' own tests read the laid-out items.
  const model = (c as unknown as { getModel(): { getSeries(): { subType: string; getData(): { count(): number; getItemGraphicEl(i: number): unknown } }[] } }).getModel();
  let n = 0;
  for (const s of model.getSeries()) {
    if (s.subType !== 'bar') continue;
    const data = s.getData();
    for (let i = 0; i < data.count(); i++) if (data.getItemGraphicEl(i)) n++;
  }
  return n;
}

/** The pixel centre of each bar of the first series (horizontal bars: value along x, category along y). */
function barCentres(c: echarts.ECharts): ([number, number] | null)[] {
  const values = ((c.getOption() as { series?: { type?: string; data?: ({ value: number | null } | number | null)[] }[] }).series ?? [])[0];
  if (!values || values.type !== 'bar') return [];
  return (values.data ?? []).map((d, i) => {
    const v = d !== null && typeof d === 'object' ? d.value : d;
    if (v === null || v === undefined) return null;
    const p = c.convertToPixel({ seriesIndex: 0 }, [v / 2, i]) as number[] | undefined;
    return p ? [Math.round(p[0]!), Math.round(p[1]!)] : null;
  });
}
