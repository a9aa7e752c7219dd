/**
 * The visual form builder: the palette, the form's structure (drag and drop with @dnd-kit: add
 * from the palette, reorder, move into and out of sections and tables), the selected field's
 * properties, and the live preview beside them.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  pointerWithin,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Switch, Space, Typography } from 'antd';
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import { dropAction, type DragItem, type DropSpot } from '../../model/drop';
import { addField, moveField } from '../../model/field-edits';
import { containerOf, isContainerKind, type FieldKind } from '../../model/field-kinds';
import { fieldNames, findField, listFields } from '../../model/fields';
import { parentOf, schemaPointerOf, schemaOf, type Draft } from '../../model/paths';
import { problemsByField } from '../../model/problem-map';
import { sumRules } from '../../model/sum-rule';
import { kindWord } from '../../words';
import { useCodelistSummaries } from '../../codelists';
import type { Change } from '../draft/useDraftEditor';
import { FieldListPanel } from './FieldListPanel';
import { FieldPropertiesPanel } from './FieldPropertiesPanel';
import { FormPropertiesPanel } from './FormPropertiesPanel';
import { PalettePanel } from './PalettePanel';
import { PreviewPanel } from './PreviewPanel';
import { useBuilderWords } from './words';

type Kind = Exclude<FieldKind, 'advanced'>;

/** Among the droppables under the pointer, the innermost (smallest) one; else the closest. */
const innermost: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  if (hits.length === 0) return closestCenter(args);
  const area = (id: string | number) => {
    const rect = args.droppableRects.get(id);
    return rect ? rect.width * rect.height : Infinity;
  };
  return [...hits].sort((a, b) => area(a.id) - area(b.id));
};

/** What the builder needs of the draft page. */
export interface BuilderPanelProps {
  definition: Draft;
  problems: readonly DraftProblem[];
  edit(change: Change, key?: string): void;
  /** A field to select (from a problem elsewhere). */
  focus?: string;
  readOnly?: boolean;
  /** Data pointers of the fields the published version has (their keys are kept as they are). */
  published?: ReadonlySet<string>;
  /** Opens the rules tab on a field's rules (its data pointer). */
  onShowRules?(field: string): void;
}

/** The builder (see the file header). */
export function BuilderPanel({ definition, problems, edit, focus, readOnly, published, onShowRules }: BuilderPanelProps) {
  const { t } = useBuilderWords();
  const [selected, setSelected] = useState<string | undefined>(focus);
  useEffect(() => {
    if (focus) setSelected(focus);
  }, [focus]);
  const [showPreview, setShowPreview] = useState(true);
  const [dragging, setDragging] = useState<string>();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const noSensors = useSensors();
  const fields = useMemo(() => listFields(definition), [definition]);
  const byField = useMemo(() => problemsByField(definition, problems), [definition, problems]);
  const problemCount = useMemo(() => new Map([...byField].map(([k, v]) => [k, v.length])), [byField]);
  const computed = useMemo(() => new Set([...sumRules(definition).keys()].map((d) => schemaPointerOf(schemaOf(definition), d)).filter((p): p is string => p !== undefined)), [definition]);
  const field = selected ? findField(definition, selected) : undefined;
  const codelists = useCodelistSummaries();
  const add = (container: string, kind: Kind, index: number) => {
    const added = addField(definition, container, kind, index, newTitle(kind), codelists[0]?.key ?? '');
    edit(added.draft);
    setSelected(added.pointer);
  };

  const newTitle = useCallback((kind: Kind) => t('newField', { kind: t(kindWord(kind)) }), [t]);

  /** A click on the palette: into the selected container, after the selected field, or at the end of the form. */
  const addHere = (kind: Kind) => {
    let container = '';
    let index = fieldNames(definition, '').length;
    if (field && isContainerKind(field.kind)) {
      container = containerOf(field.pointer, field.kind)!;
      index = fieldNames(definition, container).length;
    } else if (field) {
      container = parentOf(field.pointer).container;
      index = fieldNames(definition, container).indexOf(field.name) + 1;
    }
    add(container, kind, index);
  };

  const onDragStart = (event: DragStartEvent) => setDragging(String(event.active.id));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(undefined);
    if (!over) return;
    const item = active.data.current as DragItem | undefined;
    const spot = over.data.current as DropSpot | undefined;
    if (!item || !spot) return;
    const action = dropAction(definition, item, spot);
    if (!action) return;
    if (action.action === 'add') {
      add(action.container, action.kind, action.index);
    } else {
      const moved = moveField(definition, action.pointer, action.container, action.index);
      edit(moved.draft);
      setSelected(moved.pointer);
    }
  };

  const draggedLabel = dragging?.startsWith('palette:') ? t(kindWord(dragging.slice(8) as Kind)) : dragging ? findField(definition, dragging)?.title : undefined;
  const properties = field ? (
    <FieldPropertiesPanel
      draft={definition}
      field={field}
      edit={edit}
      problems={byField.get(field.pointer) ?? []}
      published={published?.has(field.data) ?? false}
      onMoved={setSelected}
      onRemoved={() => setSelected(undefined)}
      onShowRules={onShowRules}
    />
  ) : (
    <FormPropertiesPanel definition={definition} edit={edit} problems={problems} />
  );

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Switch size="small" checked={showPreview} onChange={setShowPreview} data-testid="toggle-preview" />
        <Typography.Text>{t('showPreview')}</Typography.Text>
      </Space>
      <div className={`dz-builder${showPreview ? ' dz-builder-preview' : ''}${readOnly ? ' dz-builder-readonly' : ''}`}>
        <DndContext sensors={readOnly ? noSensors : sensors} collisionDetection={innermost} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(undefined)}>
          {!readOnly && <PalettePanel onAdd={addHere} />}
          <FieldListPanel fields={fields} state={{ selected, onSelect: setSelected, problemCount, computed }} />
          <DragOverlay>{draggedLabel ? <div className="dz-palette-item dz-dragging">{draggedLabel}</div> : null}</DragOverlay>
        </DndContext>
        {!readOnly && properties}
        {showPreview && <PreviewPanel definition={definition} edit={edit} readOnly={readOnly} />}
      </div>
    </>
  );
}
