/**
 * The form's structure: its fields in order, sections and repeating rows nested with their own
 * fields, each a sortable item (drag to reorder, or into another section or table), selected by
 * a click; a field with problems is marked.
 */
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Card, Tag, Tooltip } from 'antd';
import { CalculatorOutlined, HolderOutlined, LockOutlined } from '@ant-design/icons';
import type { FieldNode } from '../../model/fields';
import { kindWord } from '../../words';
import { KindIcon } from './KindIcon';
import { useBuilderWords } from './words';

/** What the structure shows besides the fields. */
export interface FieldListState {
  selected: string | undefined;
  onSelect(pointer: string | undefined): void;
  /** Problems per field (schema pointer): how many. */
  problemCount: ReadonlyMap<string, number>;
  /** Fields a sum computes (schema pointers). */
  computed: ReadonlySet<string>;
}

function ContainerList({ container, fields, state }: { container: string; fields: FieldNode[]; state: FieldListState }) {
  const { t } = useBuilderWords();
  const { setNodeRef, isOver } = useDroppable({ id: `container:${container}`, data: { type: 'container', container } });
  return (
    <SortableContext items={fields.map((f) => f.pointer)} strategy={verticalListSortingStrategy}>
      <div ref={setNodeRef} data-testid={`container-${container || 'root'}`} style={{ minHeight: 36 }}>
        {fields.map((f) => (
          <FieldRow key={f.pointer} field={f} state={state} />
        ))}
        {fields.length === 0 && <div className={`dz-drop-empty${isOver ? ' dz-drop-over' : ''}`}>{container === '' ? t('emptyForm') : t('emptyContainer')}</div>}
      </div>
    </SortableContext>
  );
}

function FieldRow({ field, state }: { field: FieldNode; state: FieldListState }) {
  const { t } = useBuilderWords();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: field.pointer, data: { type: 'field', pointer: field.pointer } });
  const problems = state.problemCount.get(field.pointer) ?? 0;
  const selected = state.selected === field.pointer;
  const readOnly = field.ui?.['ui:readonly'] === true || field.schema.readOnly === true;
  return (
    <div ref={setNodeRef} style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}>
      <div
        className={`dz-field${selected ? ' dz-field-selected' : ''}${problems > 0 ? ' dz-field-error' : ''}`}
        onClick={(e) => {
          e.stopPropagation();
          state.onSelect(field.pointer);
        }}
        data-testid={`field-${field.data}`}
        {...attributes}
        {...listeners}
      >
        <HolderOutlined className="dz-field-handle" />
        <KindIcon kind={field.kind} />
        <span className="dz-field-title">
          {field.required && <span style={{ color: '#ff4d4f', marginRight: 2 }}>*</span>}
          {field.title}
        </span>
        {state.computed.has(field.pointer) && (
          <Tooltip title={t('sumOf')}>
            <CalculatorOutlined style={{ color: '#1677ff' }} />
          </Tooltip>
        )}
        {readOnly && <LockOutlined className="dz-muted" />}
        <Tag style={{ marginInlineEnd: 0 }}>{t(kindWord(field.kind))}</Tag>
        {problems > 0 && <Badge count={problems} data-testid={`field-problems-${field.data}`} />}
      </div>
      {field.children && field.container !== undefined && (
        <div className="dz-container">
          <ContainerList container={field.container} fields={field.children} state={state} />
        </div>
      )}
    </div>
  );
}

/** The structure panel. */
export function FieldListPanel({ fields, state }: { fields: FieldNode[]; state: FieldListState }) {
  const { t } = useBuilderWords();
  return (
    <Card size="small" title={t('canvas')} styles={{ body: { padding: 10 } }} onClick={() => state.onSelect(undefined)}>
      <ContainerList container="" fields={fields} state={state} />
    </Card>
  );
}
