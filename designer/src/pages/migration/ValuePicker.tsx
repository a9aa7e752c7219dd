/** A value for a field: one of its options by title, or typed text (a number when it reads as one and the field is numeric). */
import { Input, Select } from 'antd';
import type { FieldChoice } from '../../model/migration';

export function ValuePicker({ field, value, onChange, placeholder, testId }: { field: FieldChoice | undefined; value: unknown; onChange(value: unknown): void; placeholder?: string; testId?: string }) {
  if (field?.options) {
    return (
      <Select
        style={{ minWidth: 140 }}
        value={field.options.findIndex((o) => o.value === value) >= 0 ? field.options.findIndex((o) => o.value === value) : undefined}
        placeholder={placeholder}
        options={field.options.map((o, i) => ({ value: i, label: o.title }))}
        onChange={(i: number) => onChange(field.options![i]!.value)}
        data-testid={testId}
      />
    );
  }
  return <Input style={{ width: 180 }} value={value === undefined ? '' : String(value)} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} data-testid={testId} />;
}

/** A field of a version, picked by its full title. */
export function FieldPicker({ fields, value, onChange, placeholder, testId }: { fields: readonly FieldChoice[]; value: string | undefined; onChange(data: string): void; placeholder?: string; testId?: string }) {
  return (
    <Select
      style={{ minWidth: 180 }}
      showSearch
      optionFilterProp="label"
      value={value}
      placeholder={placeholder}
      options={fields.map((f) => ({ value: f.data, label: f.title }))}
      onChange={onChange}
      data-testid={testId}
    />
  );
}
