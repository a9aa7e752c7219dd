/**
 * The workflow tab: the states and steps as a diagram laid out automatically (@xyflow/react),
 * each set on the right when clicked; and the field access matrix (state × field → editable,
 * read-only, hidden) for a role at a unit. Every change is an edit of the draft (undo, autosave).
 */
import { useMemo, useState } from 'react';
import { Button, Card, Col, Row, Segmented, Space, Typography } from 'antd';
import { ApartmentOutlined, PlusOutlined, TableOutlined } from '@ant-design/icons';
import type { Workflow } from '../../../../runtime/web/kit/engine';
import { useCodelistSchemas } from '../../codelists';
import { allFields } from '../../model/fields';
import type { Draft } from '../../model/paths';
import { addState, addTransition, workflowOf, withWorkflow } from '../../model/workflow';
import type { Change } from '../draft/useDraftEditor';
import { AccessMatrixView } from './AccessMatrixView';
import { StateEditor } from './StateEditor';
import { TransitionEditor } from './TransitionEditor';
import { WorkflowDiagram, type Selection } from './WorkflowDiagram';
import { useWorkflowWords } from './words';

/** What the editors need to know of the definition's fields. */
export interface FieldChoice {
  pointer: string;
  title: string;
  kind: string;
}

/** The workflow tab. */
export function WorkflowPanel({ definition, edit }: { definition: Draft; edit(change: Change, key?: string): void }) {
  const { t } = useWorkflowWords();
  const [view, setView] = useState<'diagram' | 'access'>('diagram');
  const [selected, setSelected] = useState<Selection>();
  const workflow = useMemo(() => workflowOf(definition), [definition]);
  const codelists = useCodelistSchemas(definition);
  const fields = useMemo<FieldChoice[]>(() => allFields(definition).map((f) => ({ pointer: f.data, title: f.title, kind: f.kind })), [definition]);
  const change = (next: (wf: Workflow) => Workflow, key?: string) => edit((d) => withWorkflow(d, next), key);

  const newState = () => {
    let name = '';
    change((wf) => {
      const added = addState(wf, t('newStateTitle'));
      name = added.name;
      return added.workflow;
    });
    if (name) setSelected({ state: name });
  };
  const newStep = (from: string) => {
    let index = -1;
    change((wf) => {
      const added = addTransition(wf, from, from, t('newStepTitle'));
      index = added.index;
      return added.workflow;
    });
    if (index >= 0) setSelected({ transition: index });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'diagram' | 'access')}
          options={[
            { value: 'diagram', label: t('diagram'), icon: <ApartmentOutlined /> },
            { value: 'access', label: t('accessMatrix'), icon: <TableOutlined /> },
          ]}
          data-testid="workflow-view"
        />
        {view === 'diagram' && (
          <Button icon={<PlusOutlined />} onClick={newState} data-testid="add-state">
            {t('addState')}
          </Button>
        )}
      </Space>
      {view === 'diagram' ? (
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={15}>
            <Card size="small" styles={{ body: { padding: 0 } }}>
              <WorkflowDiagram workflow={workflow} selected={selected} onSelect={setSelected} />
            </Card>
            <Typography.Text type="secondary">{t('diagramHint')}</Typography.Text>
          </Col>
          <Col xs={24} xl={9}>
            <Card size="small" data-testid="workflow-editor">
              {selected && 'state' in selected && workflow.states[selected.state] ? (
                <StateEditor workflow={workflow} name={selected.state} fields={fields} change={change} onRemoved={() => setSelected(undefined)} onAddStep={() => newStep(selected.state)} />
              ) : selected && 'transition' in selected && workflow.transitions?.[selected.transition] ? (
                <TransitionEditor workflow={workflow} index={selected.transition} fields={fields} definition={definition} codelists={codelists ?? {}} change={change} onRemoved={() => setSelected(undefined)} />
              ) : (
                <Typography.Text type="secondary">{t('nothingSelected')}</Typography.Text>
              )}
            </Card>
          </Col>
        </Row>
      ) : (
        <AccessMatrixView definition={definition} workflow={workflow} change={change} />
      )}
    </Space>
  );
}
