/** A fingerprint of the data a request could write, to prove that a refused request wrote nothing. */
import type { Instance } from '../../runtime/src/server.js';

/** Everything a request could write, but the audit log and sessions (refusals are audited). */
export async function dataFingerprint(instance: Instance): Promise<string> {
  const [rows] = await instance.db.sequelize.query(`
    SELECT md5(coalesce((SELECT string_agg(u::text, '|' ORDER BY id) FROM units u), '')) ||
           md5(coalesce((SELECT string_agg(concat_ws(',', username, unit_code, roles::text, status, password_hash), '|' ORDER BY id) FROM users), '')) ||
           md5(coalesce((SELECT string_agg(v.key || v.version, '|' ORDER BY v.key, v.version) FROM module_versions v), '')) ||
           md5(coalesce((SELECT string_agg(concat_ws(',', id, state, version, assigned_unit), '|' ORDER BY id) FROM records), '')) ||
           md5(coalesce((SELECT string_agg(concat_ws(',', notification_id, username), '|' ORDER BY notification_id, username) FROM notification_reads), '')) ||
           md5(coalesce((SELECT string_agg(concat_ws(',', id, deleted_at), '|' ORDER BY id) FROM attachments), '')) ||
           md5(coalesce((SELECT string_agg(concat_ws(',', username, preferences::text), '|' ORDER BY username) FROM users), '')) ||
           md5(coalesce((SELECT string_agg(concat_ws(',', id, revision), '|' ORDER BY id) FROM module_drafts), '')) ||
           md5(coalesce((SELECT string_agg(concat_ws(',', id, status, roles::text, password_hash), '|' ORDER BY id) FROM user_changes), '')) AS f`);
  return (rows as { f: string }[])[0]!.f;
}
