/**
 * The report tab of a report template, all pickers and no JSON: filling settings, the figures
 * with their roll-up and pre-fill, a statistical table (rows × columns) added at once, and the
 * figures the pre-fill would give now on real data.
 */
import { useState } from 'react';
import { Button } from 'antd';
import { TableOutlined } from '@ant-design/icons';
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import type { Draft } from '../../model/paths';
import type { Change } from '../draft/useDraftEditor';
import { FigureNowCard } from './FigureNowCard';
import { FiguresCard } from './FiguresCard';
import { ReportSettingsCard } from './ReportSettingsCard';
import { StatGridDialog } from './StatGridDialog';
import { useReportWords } from './words';

/** What the report tab needs of the draft page. */
export interface ReportPanelProps {
  draftId: string;
  definition: Draft;
  problems: readonly DraftProblem[];
  edit(change: Change, key?: string): void;
  flush(): Promise<void>;
  /** A figure's schema pointer to open (from a problem elsewhere). */
  focus?: string;
}

/** The report tab (see the file header). */
export function ReportPanel({ draftId, definition, problems, edit, flush, focus }: ReportPanelProps) {
  const { t } = useReportWords();
  const [grid, setGrid] = useState(false);
  return (
    <div className="dz-report" data-testid="report-panel">
      <div className="dz-report-side">
        <ReportSettingsCard definition={definition} problems={problems} edit={edit} />
        <Button block icon={<TableOutlined />} onClick={() => setGrid(true)} style={{ marginTop: 12 }} data-testid="grid-add">
          {t('gridTitle')}
        </Button>
      </div>
      <div className="dz-report-main">
        <FiguresCard definition={definition} problems={problems} edit={edit} focus={focus} />
        <FigureNowCard draftId={draftId} definition={definition} flush={flush} />
      </div>
      <StatGridDialog open={grid} onClose={() => setGrid(false)} edit={edit} />
    </div>
  );
}
