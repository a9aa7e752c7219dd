/** What waits for a decision: pending new users and pending filed changes of the caller's subtree. */
import { useCallback, useEffect, useState } from 'react';
import { get } from '../../../kit/api';
import type { UnitView, UserChangeList, UserChangeView, UserList, UserView } from '../../../kit/contract';
import { useAuth } from '../../../kit/session';
import { decidesFiling } from './admin-logic';

export interface Filings {
  users: UserView[];
  changes: UserChangeView[];
  units: UnitView[];
  /** Whether the caller decides a filing of a user at this unit (from above only). */
  decides(unitCode: string): boolean;
}

/** The pending filings, reloadable; undefined while loading. */
export function useFilings(): { filings: Filings | undefined; reload: () => void; error: unknown } {
  const { me, can } = useAuth();
  const [filings, setFilings] = useState<Filings>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    Promise.all([
      get<UserList>('/api/users?status=pending&limit=500'),
      get<UserChangeList>('/api/user-changes?status=pending&limit=500'),
      get<UnitView[]>('/api/units'),
    ]).then(
      ([users, changes, units]) =>
        setFilings({
          users: users.items,
          changes: changes.items,
          units,
          decides: (unitCode) => can('users.write') && decidesFiling(units, me!.unitCode, unitCode),
        }),
      setError,
    );
  }, [me, can]);
  useEffect(reload, [reload]);
  return { filings, reload, error };
}
