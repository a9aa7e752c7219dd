/**
 * Either-or sections (`oneOf` / `anyOf`) told apart by a field the section itself shows — a
 * "type" choice whose answer each branch fixes with `const` (or the `discriminator` keyword).
 * rjsf renders such a section with the choice twice over: the field, an option picker of its
 * own, and the branch's copy of the field as a text box holding the constant. Here the field
 * alone chooses: the picker is left out (rjsf follows the data to the matching branch), and the
 * branch's copy is hidden, so the chosen branch's own fields show under the choice.
 */
import { Templates } from '@rjsf/antd';
import { getUiOptions, type MultiSchemaFieldTemplateProps } from '@rjsf/utils';
import type { ComponentType } from 'react';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The ui option that marks an either-or section chosen by one of its own fields. */
export const CHOSEN_BY = 'eitherOrChosenBy';

/** The field that tells the branches apart, when the section itself shows it. */
export function chosenBy(node: Node, root: unknown): string | undefined {
  const branches = (Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : []).map((b) => resolve(b, root));
  if (branches.length < 2 || !isNode(node.properties)) return undefined;
  const own = node.properties;
  const discriminator = isNode(node.discriminator) && typeof node.discriminator.propertyName === 'string' ? [node.discriminator.propertyName] : [];
  const candidates = [...discriminator, ...Object.keys(own)];
  return candidates.find((name) => name in own && branches.every((b) => isNode(b) && isNode(b.properties) && fixed(b.properties[name])));
}

const fixed = (schema: unknown) => isNode(schema) && ('const' in schema || (Array.isArray(schema.enum) && schema.enum.length === 1));

function resolve(schema: unknown, root: unknown): unknown {
  if (!isNode(schema) || typeof schema.$ref !== 'string' || !schema.$ref.startsWith('#')) return schema;
  const target = decodeURIComponent(schema.$ref.slice(1))
    .split('/')
    .slice(1)
    .reduce<unknown>((n, s) => (isNode(n) || Array.isArray(n) ? (n as Node)[s.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
  return isNode(target) ? { ...target, ...schema } : schema;
}

/**
 * The uiSchema with every either-or section chosen by its own field marked ({@link CHOSEN_BY})
 * and, per branch, that field hidden. `schema` is the rendered form schema. Changes `ui`.
 */
export function withEitherOrChoices(schema: unknown, ui: Node): Node {
  const walk = (node: unknown, uiNode: Node, depth: number) => {
    if (!isNode(node) || depth > 32) return;
    const name = chosenBy(node, schema);
    if (name !== undefined) {
      uiNode['ui:options'] = { ...(isNode(uiNode['ui:options']) ? uiNode['ui:options'] : {}), [CHOSEN_BY]: name };
      const keyword = Array.isArray(node.oneOf) ? 'oneOf' : 'anyOf';
      const { oneOf: _o, anyOf: _a, ...base } = uiNode;
      const field = isNode(uiNode[name]) ? uiNode[name] : {};
      uiNode[keyword] = (node[keyword] as unknown[]).map(() => ({ ...base, [name]: { ...field, 'ui:widget': 'hidden' } }));
    }
    if (isNode(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (!isNode(child)) continue;
        const childUi = (uiNode[key] = isNode(uiNode[key]) ? uiNode[key] : {}) as Node;
        walk(resolve(child, schema), childUi, depth + 1);
      }
    }
    if (isNode(node.items)) {
      const itemsUi = (uiNode.items = isNode(uiNode.items) ? uiNode.items : {}) as Node;
      walk(resolve(node.items, schema), itemsUi, depth + 1);
    }
  };
  walk(schema, ui, 0);
  return ui;
}

const ThemeMultiSchema = Templates.MultiSchemaFieldTemplate as ComponentType<MultiSchemaFieldTemplateProps>;

/** The theme's either-or layout, without the option picker when a field of the section chooses. */
export function MultiSchemaFieldTemplate(props: MultiSchemaFieldTemplateProps) {
  if (getUiOptions(props.uiSchema)[CHOSEN_BY] === undefined) return <ThemeMultiSchema {...props} />;
  return <div className="fw-either-or">{props.optionSchemaField}</div>;
}
