/**
 * The widget and field names the engine accepts at publish (engine/src/definition/check-ui.ts)
 * are exactly those the kit's form registers: rjsf's, the antd theme's and the kit's own. A
 * new kit widget, or an rjsf upgrade that adds or drops one, fails here until the lists follow.
 */
import { getDefaultRegistry } from '@rjsf/core';
import { Widgets as AntdWidgets } from '@rjsf/antd';
import { getWidget, type Registry, type RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { KIT_WIDGETS, REGISTERED_FIELDS, REGISTERED_WIDGETS, WIDGETS_BY_TYPE } from '../../engine/src/index.js';
import { WIDGETS } from '../../runtime/web/kit/form/rjsf';

const registry: Registry['widgets'] = { ...getDefaultRegistry().widgets, ...AntdWidgets, ...WIDGETS };

describe('the names checkUi accepts', () => {
  it('are the widgets the kit form registers', () => {
    expect([...REGISTERED_WIDGETS, ...Object.keys(KIT_WIDGETS)].sort()).toEqual(Object.keys(registry).sort());
  });

  it('map to a widget for exactly the types rjsf maps them for', () => {
    const aliases = [...new Set(Object.values(WIDGETS_BY_TYPE).flat())];
    for (const type of ['boolean', 'string', 'number', 'integer', 'array', 'object', 'null']) {
      const works = aliases.filter((name) => {
        try {
          getWidget({ type } as RJSFSchema, name, registry);
          return true;
        } catch {
          return false;
        }
      });
      expect(works, type).toEqual(aliases.filter((name) => (WIDGETS_BY_TYPE[type] ?? []).includes(name)));
    }
  });

  it('are the fields rjsf registers', () => {
    expect([...REGISTERED_FIELDS].sort()).toEqual(Object.keys(getDefaultRegistry().fields).sort());
  });
});
