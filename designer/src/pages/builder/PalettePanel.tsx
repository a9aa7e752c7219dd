/** The palette: every kind of field, dragged into the form or clicked to add it to the selected section. */
import { useDraggable } from '@dnd-kit/core';
import { Card, Typography } from 'antd';
import { FIELD_KINDS, type FieldKind } from '../../model/field-kinds';
import { kindWord } from '../../words';
import { KindIcon } from './KindIcon';
import { useBuilderWords } from './words';

type Kind = Exclude<FieldKind, 'advanced'>;

function PaletteItem({ kind, onAdd }: { kind: Kind; onAdd(kind: Kind): void }) {
  const { t } = useBuilderWords();
  const { attributes, listeners, setNodeRef } = useDraggable({ id: `palette:${kind}`, data: { type: 'palette', kind } });
  return (
    <div ref={setNodeRef} className="dz-palette-item" {...attributes} {...listeners} onClick={() => onAdd(kind)} data-testid={`palette-${kind}`}>
      <KindIcon kind={kind} />
      {t(kindWord(kind))}
    </div>
  );
}

/** The palette panel; `onAdd` adds a kind where the selection is. */
export function PalettePanel({ onAdd, kinds = FIELD_KINDS }: { onAdd(kind: Kind): void; kinds?: readonly Kind[] }) {
  const { t } = useBuilderWords();
  return (
    <Card size="small" title={t('palette')} className="dz-palette" styles={{ body: { padding: 8 } }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('paletteHint')}
      </Typography.Paragraph>
      {kinds.map((kind) => (
        <PaletteItem key={kind} kind={kind} onAdd={onAdd} />
      ))}
    </Card>
  );
}
