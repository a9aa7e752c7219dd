/** Every migration, in order. Listed explicitly so they run the same from source and from a build. */
import type { RunnableMigration } from 'umzug';
import type { QueryInterface } from 'sequelize';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-access.js';
import * as m0003 from './0003-records.js';
import * as m0004 from './0004-reports.js';
import * as m0005 from './0005-workspace.js';
import * as m0006 from './0006-drafts.js';
import * as m0007 from './0007-login-guard.js';
import * as m0008 from './0008-audit-seal.js';
import * as m0009 from './0009-user-changes.js';
import * as m0010 from './0010-quality-nudges.js';
import * as m0011 from './0011-record-warnings.js';
import * as m0012 from './0012-record-lists.js';
import * as m0013 from './0013-export-jobs.js';
import * as m0014 from './0014-audit-append-many.js';

export const MIGRATIONS: readonly { name: string; module: Pick<RunnableMigration<QueryInterface>, 'up' | 'down'> }[] = [
  { name: '0001-foundation', module: m0001 },
  { name: '0002-access', module: m0002 },
  { name: '0003-records', module: m0003 },
  { name: '0004-reports', module: m0004 },
  { name: '0005-workspace', module: m0005 },
  { name: '0006-drafts', module: m0006 },
  { name: '0007-login-guard', module: m0007 },
  { name: '0008-audit-seal', module: m0008 },
  { name: '0009-user-changes', module: m0009 },
  { name: '0010-quality-nudges', module: m0010 },
  { name: '0011-record-warnings', module: m0011 },
  { name: '0012-record-lists', module: m0012 },
  { name: '0013-export-jobs', module: m0013 },
  { name: '0014-audit-append-many', module: m0014 },
];
