/** The roll-up of a period for the unit at the end of a drill-down trail (see {@link useRollup}). */
import { useEffect, useState } from 'react';
import { App } from 'antd';
import { ApiError, download, get, query } from '../../../kit/api';
import { useReportWords } from './words';
import { useAuth } from '../../../kit/session';
import type { RollupResult as Rollup } from '../../../kit/contract';

/** A unit on the drill-down trail, mine first. */
export interface TrailUnit {
  code: string;
  name: string;
}

/** The roll-up's address for a unit (`format: 'xlsx'` for the spreadsheet). */
const rollupPath = (reportKey: string, period: string, unit: string, includeSubmitted: boolean, format?: string) =>
  `/api/reports/${reportKey}/periods/${period}/rollup${query({ unit, include: includeSubmitted ? 'submitted' : undefined, format })}`;

/**
 * The roll-up of `period` for the last unit of the trail (reloaded when the trail or the
 * inclusion of submitted reports changes), how to drill down and back up, and the export.
 */
export function useRollup(reportKey: string, period: string) {
  const { t } = useReportWords();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [trail, setTrail] = useState<TrailUnit[]>([{ code: me!.unitCode, name: me!.unitName }]);
  const [includeSubmitted, setIncludeSubmitted] = useState(false);
  const [rollup, setRollup] = useState<Rollup>();
  const unit = trail[trail.length - 1]!.code;

  useEffect(() => {
    setRollup(undefined);
    get<Rollup>(rollupPath(reportKey, period, unit, includeSubmitted)).then(setRollup, (e: unknown) => void message.error(e instanceof ApiError ? e.message : t('failed')));
  }, [reportKey, period, unit, includeSubmitted, message, t]);

  return {
    rollup,
    trail,
    includeSubmitted,
    setIncludeSubmitted,
    /** Down into a child of the unit shown. */
    drill: (code: string, name: string) => setTrail((tr) => [...tr, { code, name }]),
    /** Back up to the trail's `index`th unit. */
    backTo: (index: number) => setTrail(trail.slice(0, index + 1)),
    /** The roll-up shown, as a spreadsheet. */
    exportXlsx: () => void download(rollupPath(reportKey, period, unit, includeSubmitted, 'xlsx'), `${reportKey}-${period}.xlsx`),
  };
}
