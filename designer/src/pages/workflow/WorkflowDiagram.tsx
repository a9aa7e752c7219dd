/**
 * The workflow as a diagram: a box per state (its name, initial/draft/final/deadline marks, the
 * steps that stay in it), an arrow per step between two states, laid out left to right from the
 * initial state. Clicking selects; dragging moves a box until the layout is redone.
 */
import { useEffect, useMemo, useState } from 'react';
import { Background, Controls, MarkerType, Position, ReactFlow, applyNodeChanges, type Edge, type Node, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Tag } from 'antd';
import type { Workflow } from '../../../../runtime/web/kit/engine';
import { useI18n } from '../../../../runtime/web/kit/i18n';
import { NODE, fromList, layoutStates, stateNames } from '../../model/workflow';
import { useWorkflowWords } from './words';

/** What is selected: a state by name, or a step by its index in `transitions`. */
export type Selection = { state: string } | { transition: number };

export function WorkflowDiagram({ workflow, selected, onSelect }: { workflow: Workflow; selected: Selection | undefined; onSelect(s: Selection): void }) {
  const { t } = useWorkflowWords();
  const { pick } = useI18n();
  const shape = JSON.stringify([stateNames(workflow), (workflow.transitions ?? []).map((x) => [fromList(x), x.to])]);
  // The layout is redone when states or arrows change, not when a name is edited.
  const layout = useMemo(() => layoutStates(workflow), [shape]);
  const built = useMemo<Node[]>(
    () =>
      stateNames(workflow).map((name) => {
        const state = workflow.states[name]!;
        const loops = (workflow.transitions ?? []).filter((x) => x.to === name && fromList(x).includes(name));
        const isSelected = selected !== undefined && 'state' in selected && selected.state === name;
        return {
          id: name,
          position: layout[name] ?? { x: 0, y: 0 },
          sourcePosition: Position.Right,
          targetPosition: Position.Left,
          data: {
            label: (
              <div data-testid={`state-${name}`}>
                <div style={{ fontWeight: 600 }}>{pick(state.title)}</div>
                <div style={{ marginTop: 2 }}>
                  {name === workflow.initial && <Tag color="blue">{t('initial')}</Tag>}
                  {state.final && <Tag color="green">{t('isFinal').replace(/（.*|\s\(.*/, '')}</Tag>}
                  {state.deadline && <Tag color="orange">{t('deadline')}</Tag>}
                </div>
                {loops.length > 0 && <div style={{ fontSize: 11, color: '#888' }}>{loops.map((x) => pick(x.title)).join(' · ')}</div>}
              </div>
            ),
          },
          style: { width: NODE.width, minHeight: NODE.height, borderColor: isSelected ? '#b71c1c' : state.final ? '#389e0d' : '#999', borderWidth: isSelected ? 2 : 1, fontSize: 12, padding: 6 },
        };
      }),
    [workflow, layout, selected, pick, t],
  );
  const [nodes, setNodes] = useState<Node[]>(built);
  useEffect(() => setNodes(built), [built]);
  const edges = useMemo<Edge[]>(
    () =>
      (workflow.transitions ?? []).flatMap((x, i) =>
        fromList(x)
          .filter((from) => from !== x.to && workflow.states[from] && workflow.states[x.to])
          .map((from) => {
            const isSelected = selected !== undefined && 'transition' in selected && selected.transition === i;
            return {
              id: `${i}:${from}`,
              source: from,
              target: x.to,
              label: pick(x.title),
              data: { index: i },
              markerEnd: { type: MarkerType.ArrowClosed, color: isSelected ? '#b71c1c' : '#888' },
              style: { stroke: isSelected ? '#b71c1c' : '#888', strokeWidth: isSelected ? 2 : 1 },
              labelStyle: { fontSize: 11 },
              labelBgPadding: [4, 2] as [number, number],
            };
          }),
      ),
    [workflow, selected, pick],
  );
  return (
    <div style={{ height: 'clamp(260px, 60vw, 460px)' }} data-testid="workflow-diagram">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={(changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current))}
        onNodeClick={(_, node) => onSelect({ state: node.id })}
        onEdgeClick={(_, edge) => onSelect({ transition: (edge.data as { index: number }).index })}
        nodesConnectable={false}
        fitView
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
