/**
 * A draft being edited: loaded from the server, changed by the builder's edits, undone and
 * redone within the session, autosaved (debounced, If-Match on the revision), and — when someone
 * else saved first — a conflict the designer resolves without losing an edit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../../runtime/web/kit/api';
import type { DraftProblem, DraftView, SaveDraftAnswer } from '../../../../runtime/web/kit/contract';
import { getDraft, saveDraft } from '../../api';
import { DraftSaver, type SaveStatus } from '../../model/autosave';
import { record, redo as redoStep, replacePresent, startHistory, undo as undoStep, type History } from '../../model/history';
import type { Draft } from '../../model/paths';

/** An edit: the next definition, or how to make it from the current one. */
export type Change = Draft | ((current: Draft) => Draft);

/** What the draft page works with. */
export interface DraftEditor {
  /** The draft as the server last described it (revision, basedOn, who saved when). */
  meta: DraftView | undefined;
  definition: Draft | undefined;
  /** What publishing would refuse now, as of the last save. */
  problems: DraftProblem[];
  status: SaveStatus;
  loadError: ApiError | undefined;
  /** Applies an edit; edits with the same `key` in a row are one undo step. */
  edit(change: Change, key?: string): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
  /** Set while a save was refused because someone else saved first. */
  conflict: boolean;
  /** Takes the server's version (mine stays one undo away) or overwrites it with mine. */
  resolve(choice: 'theirs' | 'mine'): Promise<void>;
  /** Saves whatever is waiting now (before checking or publishing). */
  flush(): Promise<void>;
}

const isConflict = (error: unknown) => error instanceof ApiError && error.status === 409;

/** The editor of one draft (see the file header). */
export function useDraftEditor(id: string): DraftEditor {
  const [meta, setMeta] = useState<DraftView>();
  const [history, setHistory] = useState<History<Draft>>();
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [conflict, setConflict] = useState(false);
  const [loadError, setLoadError] = useState<ApiError>();
  const saver = useRef<DraftSaver<Draft, SaveDraftAnswer> | undefined>(undefined);

  useEffect(() => {
    let gone = false;
    void getDraft(id)
      .then((draft) => {
        if (gone) return;
        setMeta(draft);
        setProblems(draft.problems);
        setHistory(startHistory(draft.definition));
        saver.current = new DraftSaver<Draft, SaveDraftAnswer>(
          { save: (definition, revision) => saveDraft(id, definition, revision) },
          draft.revision,
          draft.definition,
          {
            status: setStatus,
            saved: (answer) => {
              setProblems(answer.problems);
              setMeta((m) => (m ? { ...m, revision: answer.revision } : m));
            },
            conflict: () => setConflict(true),
            failed: () => undefined,
          },
          isConflict,
        );
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e : new ApiError(0, 'FW_HTTP', String(e))));
    return () => {
      gone = true;
      const current = saver.current;
      saver.current = undefined;
      void current?.flush().finally(() => current.dispose());
    };
  }, [id]);

  const present = history?.present;
  useEffect(() => {
    if (present !== undefined) saver.current?.change(present);
  }, [present]);

  // Leaving the page with edits not yet saved asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (saver.current?.dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const edit = useCallback((change: Change, key?: string) => {
    setHistory((h) => (h ? record(h, typeof change === 'function' ? change(h.present) : change, key) : h));
  }, []);
  const undo = useCallback(() => setHistory((h) => (h ? undoStep(h) : h)), []);
  const redo = useCallback(() => setHistory((h) => (h ? redoStep(h) : h)), []);

  const resolve = useCallback(
    async (choice: 'theirs' | 'mine') => {
      const server = await getDraft(id);
      setMeta(server);
      setProblems(server.problems);
      setConflict(false);
      if (choice === 'theirs') {
        setHistory((h) => (h ? replacePresent(h, server.definition) : startHistory(server.definition)));
        saver.current?.resume(server.revision, server.definition, server.definition);
      } else {
        saver.current?.resume(server.revision, present ?? server.definition, server.definition);
      }
    },
    [id, present],
  );

  const flush = useCallback(async () => {
    await saver.current?.flush();
  }, []);

  return {
    meta,
    definition: present,
    problems,
    status,
    loadError,
    edit,
    undo,
    redo,
    canUndo: (history?.past.length ?? 0) > 0,
    canRedo: (history?.future.length ?? 0) > 0,
    conflict,
    resolve,
    flush,
  };
}
