/** The roll-up of a period with drill-down, chart and export (see {@link RollupTab}). */
import { useState } from 'react';
import { Spin } from 'antd';
import { RollupChartCard } from './RollupChartCard';
import { RollupTable } from './RollupTable';
import { RollupToolbar } from './RollupToolbar';
import { useRollup } from './useRollup';

/**
 * The figures of a unit (mine first) summed over its subtree, against the previous period, with
 * its children side by side; a child's name or bar drills down into it.
 */
export function RollupTab({ reportKey, period }: { reportKey: string; period: string }) {
  const { rollup, trail, includeSubmitted, setIncludeSubmitted, drill, backTo, exportXlsx } = useRollup(reportKey, period);
  // The charted figure outlives drilling down and back up.
  const [chartField, setChartField] = useState<string>();
  if (!rollup) return <Spin />;
  const field = chartField ?? rollup.fields[0]?.path;

  return (
    <>
      <RollupToolbar trail={trail} onBackTo={backTo} includeSubmitted={includeSubmitted} onIncludeSubmitted={setIncludeSubmitted} onExport={exportXlsx} />
      <RollupTable rollup={rollup} onDrill={drill} />
      {rollup.children.length > 0 && field && <RollupChartCard rollup={rollup} period={period} field={field} onField={setChartField} onDrill={drill} />}
    </>
  );
}
