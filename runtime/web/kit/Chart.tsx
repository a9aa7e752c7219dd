/** An Apache ECharts chart, loaded on first use (the library is large and only overviews need it). */
import { useEffect, useRef } from 'react';
import type { EChartsOption, ECharts } from 'echarts';

/** What a click on a chart hits: the category name, its index and the series. */
export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex?: number;
}

/** A chart of an ECharts option; redraws only when the option changes. */
export function Chart({ option, height = 280, onClick, testId }: { option: EChartsOption; height?: number; onClick?: (params: ChartClick) => void; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | undefined>(undefined);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('echarts').then((echarts) => {
      if (disposed || !element.current) return;
      chart.current = echarts.init(element.current);
      chart.current.on('click', (params) => click.current?.(params as unknown as ChartClick));
      chart.current.setOption(JSON.parse(shown.current) as EChartsOption);
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(element.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);

  // Only a different option redraws (a re-render with the same figures keeps the chart still).
  const json = JSON.stringify(option);
  const shown = useRef(json);
  useEffect(() => {
    if (shown.current === json) return;
    shown.current = json;
    chart.current?.setOption(option, true);
  }, [json, option]);

  return <div ref={element} style={{ width: '100%', height }} data-testid={testId} />;
}
