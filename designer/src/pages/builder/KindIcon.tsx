/** The icon of a kind of field (the same in the palette and the form structure). */
import {
  AppstoreOutlined,
  BarsOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  CodeOutlined,
  ApartmentOutlined,
  FieldNumberOutlined,
  FontSizeOutlined,
  IdcardOutlined,
  FileTextOutlined,
  NumberOutlined,
  PaperClipOutlined,
  PhoneOutlined,
  CheckCircleOutlined,
  SwapOutlined,
  TableOutlined,
  UnorderedListOutlined,
  DatabaseOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { FieldKind } from '../../model/field-kinds';

const ICONS: Record<FieldKind, ReactNode> = {
  text: <FontSizeOutlined />,
  textarea: <FileTextOutlined />,
  number: <NumberOutlined />,
  integer: <FieldNumberOutlined />,
  date: <CalendarOutlined />,
  datetime: <ClockCircleOutlined />,
  single: <CheckCircleOutlined />,
  multiple: <CheckSquareOutlined />,
  boolean: <SwapOutlined />,
  codelist: <DatabaseOutlined />,
  idNumber: <IdcardOutlined />,
  phone: <PhoneOutlined />,
  unit: <ApartmentOutlined />,
  attachment: <PaperClipOutlined />,
  section: <AppstoreOutlined />,
  group: <UnorderedListOutlined />,
  table: <TableOutlined />,
  advanced: <CodeOutlined />,
};

/** A kind's icon. */
export function KindIcon({ kind }: { kind: FieldKind }) {
  return <span className="dz-kind-icon">{ICONS[kind] ?? <BarsOutlined />}</span>;
}
