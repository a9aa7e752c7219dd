/** The roll-up's table (see {@link RollupTable}). */
import { useMemo } from 'react';
import { Table } from 'antd';
import { percent } from '../../../kit/format';
import { useReportWords } from './words';
import type { I18n } from '../../../kit/i18n';
import type { RollupResult as Rollup } from '../../../kit/contract';

/** A line of the roll-up: a section heading, or a figure (with its path). */
interface RollupRow {
  key: string;
  label: string;
  section: boolean;
  path?: string;
}

/** The roll-up's lines: each figure under the headings of its sections, indented by depth. */
function rollupRows(rollup: Rollup, pick: I18n['pick']): RollupRow[] {
  const out: RollupRow[] = [];
  let last: string[] = [];
  for (const f of rollup.fields) {
    f.section.forEach((s, i) => {
      if (last[i] !== s) out.push({ key: `s:${f.section.slice(0, i + 1).join('/')}`, label: `${'　'.repeat(i)}${s}`, section: true });
    });
    last = f.section;
    out.push({ key: f.path, label: `${'　'.repeat(f.section.length)}${pick(f.label)}`, section: false, path: f.path });
  }
  return out;
}

/** A figure as the table shows it: a dash for none, two decimals for a fraction. */
const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The figures: the total, the previous period, the change, my unit's own and each child's (its name drills down). */
export function RollupTable({ rollup, onDrill }: { rollup: Rollup; onDrill: (code: string, name: string) => void }) {
  const { t, pick } = useReportWords();
  const rows = useMemo(() => rollupRows(rollup, pick), [rollup, pick]);
  return (
    <Table
      className="fw-rollup"
      rowKey="key"
      size="small"
      bordered
      pagination={false}
      dataSource={rows}
      scroll={{ x: 480 + rollup.children.length * 110 }}
      data-testid="rollup-table"
      columns={[
        { title: t('item'), dataIndex: 'label', fixed: 'left', width: 240, onCell: (r) => ({ className: r.section ? 'fw-section' : '' }) },
        { title: `${t('total')}（${rollup.total.reports}/${rollup.total.assigned}）`, render: (_, r) => (r.path ? fmt(rollup.total.values[r.path]) : ''), width: 110 },
        { title: `${t('previous')} ${rollup.previousPeriod}`, render: (_, r) => (r.path ? fmt(rollup.previous.values[r.path]) : ''), width: 110 },
        {
          title: t('change'),
          width: 110,
          render: (_, r) => {
            const c = r.path ? rollup.change[r.path] : undefined;
            if (!c || c.absolute === null) return '';
            return `${c.absolute > 0 ? '+' : ''}${fmt(c.absolute)}${c.relative !== null ? `（${percent(c.relative)}）` : ''}`;
          },
        },
        ...(rollup.own ? [{ title: t('own'), width: 100, render: (_: unknown, r: { path?: string }) => (r.path ? fmt(rollup.own!.values[r.path]) : '') }] : []),
        ...rollup.children.map((c) => ({
          title: (
            <a onClick={() => onDrill(c.code, c.name)} data-testid={`drill-${c.code}`}>
              {c.name}（{c.reports}/{c.assigned}）
            </a>
          ),
          width: 110,
          render: (_: unknown, r: { path?: string }) => (r.path ? fmt(c.values[r.path]) : ''),
        })),
      ]}
    />
  );
}
