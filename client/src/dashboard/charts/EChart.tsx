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
 * that tests count what is on the canvas, not what was asked for.
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
