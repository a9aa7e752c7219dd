/** Assigning a report period to a level of units below (see {@link AssignForm}). */
import { useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../../kit/api';
import { useReportWords } from './words';

/** Assigns a period (e.g. 2026Q3) to every unit of a level below, with an optional due date. */
export function AssignForm({ reportKey, levels, onAssigned }: { reportKey: string; levels: number[]; onAssigned(period: string): void }) {
  const { t } = useReportWords();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { period: string; level: number; dueAt?: Dayjs }) => {
    setBusy(true);
    try {
      const answer = await api<{ created: number; existing: number }>('POST', `/api/reports/${reportKey}/periods/${values.period.trim()}/assign`, {
        level: values.level,
        ...(values.dueAt ? { dueAt: values.dueAt.format('YYYY-MM-DD') } : {}),
      });
      void message.success(`${answer.created} / ${answer.created + answer.existing}`);
      onAssigned(values.period.trim());
    } catch (e) {
      void message.error(e instanceof ApiError ? (e.problems[0]?.message ?? e.message) : t('failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Row>
      <Col xs={24} md={12}>
        <Form layout="vertical" onFinish={submit} initialValues={{ level: levels[levels.length - 1] }}>
          <Form.Item name="period" label={t('period')} rules={[{ required: true }]}>
            <Input placeholder="2026Q3" />
          </Form.Item>
          <Form.Item name="level" label={t('level')} rules={[{ required: true }]}>
            <Select options={levels.map((l) => ({ value: l, label: t('levels', { n: l }) }))} />
          </Form.Item>
          <Form.Item name="dueAt" label={t('dueAt')}>
            <DatePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('assign')}
          </Button>
        </Form>
      </Col>
    </Row>
  );
}
