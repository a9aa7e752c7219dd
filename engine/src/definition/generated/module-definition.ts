/* eslint-disable */
// GENERATED FILE — do not edit. Source: definitions/meta/*.schema.json; run `npm run gen:types`.

/**
 * A name used in code and URLs: a lower-case letter, then letters, digits, '_' or '-'.
 */
export type Identifier = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer = string;
/**
 * A name used in code and URLs: a lower-case letter, then letters, digits, '_' or '-'.
 */
export type Identifier1 = string;
/**
 * The root of a rule's conditions: all, any or not.
 */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;
/**
 * What a rule does when its conditions hold. The vocabulary is closed.
 */
export type RuleEvent =
  | ErrorEvent
  | WarningEvent
  | RequireEvent
  | HideEvent
  | SetEvent
  | RouteEvent
  | EscalateEvent
  | NotifyEvent
  | CreateEvent;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer1 = string;
/**
 * A unit relative to the record's unit: itself, its parent, the root (HQ), or its ancestor at a given level (1 = HQ).
 */
export type UnitTarget =
  | ('self' | 'parent' | 'root')
  | {
      level: number;
    };
/**
 * A role a user holds at their unit.
 */
export type Role = 'admin' | 'designer' | 'officer' | 'leader' | 'auditor' | 'exporter';
/**
 * A name used in code and URLs: a lower-case letter, then letters, digits, '_' or '-'.
 */
export type Identifier2 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer2 = string;
/**
 * The state a new record starts in.
 */
export type StateName = string;
/**
 * When a record in this state becomes overdue: `after` a duration from entering the state, `at` the date held in a field, or (report modules) `due`, the due date the report was assigned with. On overdue the module's rules run with context.overdue = true, so escalation is ordinary rules.
 */
export type Deadline = {
  [k: string]: unknown | undefined;
} & {
  after?: Duration;
  at?: JsonPointer;
  /**
   * Due when the report's assignment says (report modules only).
   */
  due?: true;
  /**
   * Reminders sent this long before the deadline.
   *
   * @maxItems 5
   */
  remindBefore?: Duration[];
};
/**
 * An ISO 8601 duration, e.g. P15D (15 days), PT48H, P1M.
 */
export type Duration = string;
/**
 * The action name used in POST /api/records/{id}/actions/{action}.
 */
export type StateName1 = string;
export type StateName2 = string;
/**
 * Extra rule condition that must hold.
 */
export type TopLevelCondition1 = AllCondition | AnyCondition | NotCondition;
export type AccessPointer = string;
/**
 * An ISO 8601 duration, e.g. P15D (15 days), PT48H, P1M.
 */
export type Duration1 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer3 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer4 = string;
/**
 * A name used in code and URLs: a lower-case letter, then letters, digits, '_' or '-'.
 */
export type Identifier3 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer5 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer6 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer7 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer8 = string;
/**
 * An RFC 6901 JSON Pointer into the record data, e.g. /applicant/birthDate. Never the empty pointer.
 */
export type JsonPointer9 = string;
/**
 * A JSON Pointer into the record data, or @module, @period, @unit.
 *
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "TitlePart".
 */
export type TitlePart = string;
/**
 * A name used in code and URLs: a lower-case letter, then letters, digits, '_' or '-'.
 */
export type Identifier4 = string;
/**
 * What a list is ordered by: a declared column's JSON Pointer, or createdAt, updatedAt, deadlineAt, period.
 *
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "SortKey".
 */
export type SortKey = string;
export type MigrationOperation = MoveOperation | DefaultOperation | RemoveOperation | MapOperation;
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "Condition".
 */
export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition;
/**
 * `data` (the record), `context` (user, unit, state, now, period …), `logic` (a JSON Logic expression over { data, context, facts } given as params.expr, e.g. a ratio of this period to the previous one) or a fact declared in the module's `facts`.
 */
export type FactName = string;
export type Operator =
  | 'equal'
  | 'notEqual'
  | 'lessThan'
  | 'lessThanInclusive'
  | 'greaterThan'
  | 'greaterThanInclusive'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'doesNotContain'
  | 'isEmpty'
  | 'isNotEmpty'
  | 'dateBefore'
  | 'dateOnOrBefore'
  | 'dateAfter'
  | 'dateOnOrAfter';

/**
 * A business module as data: the JSON Schema of its records plus UI hints, rules, workflow, report and export specs and its own test cases. Only key, kind, title and schema are required.
 */
export interface ModuleDefinition {
  $comment?: string;
  /**
   * Stable identifier of the module, used in URLs.
   */
  key: string;
  /**
   * `record`: records moved through a workflow; `report`: a periodic statistical report; `codelist`: a shared list of codes (its schema is the value's schema, e.g. a string with oneOf const/title) that modules reference with {"$ref": "codelist:<key>"}.
   */
  kind: 'record' | 'report' | 'codelist';
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * Assigned at publish. When given on publish it must be the next version (optimistic concurrency).
   */
  version?: number;
  /**
   * JSON Schema (draft 2020-12) of the record data. Its root is an object. Checked against the 2020-12 meta-schema and the safety policy (no unknown keywords, safe patterns, no $data, no remote $ref, size and depth limits).
   */
  schema: {
    [k: string]: unknown | undefined;
  };
  /**
   * The code list versions this module was published against (set at publish; a given value is replaced).
   */
  codelists?: {
    [k: string]: number | undefined;
  };
  /**
   * react-jsonschema-form uiSchema: order, widgets, help, placeholders; `ui:layout` splits a long form into sections, tabs or steps, and `ui:options.layout: "grid"` on an object shows its figures as a statistical table.
   */
  ui?: {
    'ui:layout'?: FormLayout;
    [k: string]: unknown | undefined;
  };
  /**
   * Translations of field titles into the second locale, keyed by JSON Pointer into the schema (e.g. /properties/name).
   */
  i18n?: {
    en?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * Named facts the rules use, supplied by the runtime.
   */
  facts?: {
    [k: string]: FactDeclaration | undefined;
  };
  /**
   * @maxItems 1000
   */
  rules?: Rule[];
  workflow?: Workflow;
  report?: ReportSpec;
  /**
   * @maxItems 50
   */
  exports?: DatasetSpec[];
  /**
   * Related records shown with each record, looked up when it is read (e.g. a cadre's cases in the integrity archive).
   *
   * @maxItems 20
   */
  links?: Link[];
  /**
   * Documents a record can be downloaded as (DOCX).
   *
   * @maxItems 20
   */
  documents?: Document[];
  list?: ListSpec;
  /**
   * How the data-quality measures (GET /api/quality) read this module's records: which date is the matter's own date (entry lag = days from it to the record's creation), the entry limit, and when an untouched draft counts as stale.
   */
  quality?: {
    /**
     * JSON Pointer of the date field that is the matter's own date (e.g. /receivedOn, 受理日期). Absent: the entry lag is not computed for this module.
     */
    matterDate?: string;
    /**
     * Days from the matter's date within which a record should be entered; later entries count as late.
     */
    entryLimitDays?: number;
    /**
     * Days after which a draft nobody has touched counts as stale.
     */
    staleDraftDays?: number;
  };
  /**
   * @maxItems 500
   */
  tests?: TestCase[];
  migration?: Migration;
}
/**
 * A text in the product's languages. zh-CN is required (the primary language); en falls back to zh-CN when absent.
 */
export interface LocalizedText {
  'zh-CN': string;
  en?: string;
}
/**
 * How a long form is split into groups of its top-level fields: sections one below the other, tabs, or steps taken in turn. Fields no group lists follow the groups.
 *
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "FormLayout".
 */
export interface FormLayout {
  type: 'sections' | 'tabs' | 'steps';
  /**
   * @minItems 1
   * @maxItems 50
   */
  groups: FormLayoutGroup[];
}
/**
 * One section, tab or step: its title and the top-level fields it shows, in order (JSON Pointers such as /receivedOn).
 *
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "FormLayoutGroup".
 */
export interface FormLayoutGroup {
  key: Identifier;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * @minItems 1
   * @maxItems 500
   */
  fields: JsonPointer[];
}
/**
 * A named fact the runtime supplies through one of its providers; `default` is used where no provider answers (dry-run, tests).
 */
export interface FactDeclaration {
  /**
   * recordCount / recordSum / recordLookup: other records (params: module, where, states, scope, field; scope is subtree (default: the record's unit and below), unit, or root (the whole organisation: evaluated only while the root unit holds the record, and withheld elsewhere with the warning FW_FACT_WITHHELD, so no count reveals records the holder cannot read)); previousPeriod (report modules): the data of the same unit's report for the previous period, or null (params: states).
   */
  provider: 'recordCount' | 'recordSum' | 'recordLookup' | 'previousPeriod';
  description?: LocalizedText;
  params?: {
    [k: string]: unknown | undefined;
  };
  /**
   * The value used when no provider is available.
   */
  default?: unknown;
}
export interface Rule {
  name: Identifier1;
  description?: LocalizedText;
  /**
   * A rule switched off in the designer: kept in the definition and checked like the others, but never run.
   */
  disabled?: boolean;
  /**
   * Higher runs first. Default: 100 for rules with a `set` event (so later rules see computed values), 1 otherwise.
   */
  priority?: number;
  conditions: TopLevelCondition;
  event: RuleEvent;
}
/**
 * A cross-field error: blocks saving like a schema error.
 */
export interface ErrorEvent {
  type: 'error';
  params: MessageParams;
}
export interface MessageParams {
  path: JsonPointer1;
  /**
   * A stable code; default FW_RULE_ERROR or FW_RULE_WARNING.
   */
  code?: string;
  message: LocalizedText;
}
/**
 * A warning: shown, never blocking.
 */
export interface WarningEvent {
  type: 'warning';
  params: MessageParams;
}
/**
 * Makes fields required (a missing one is reported as FW_VAL_REQUIRED).
 */
export interface RequireEvent {
  type: 'require';
  params: {
    /**
     * @minItems 1
     * @maxItems 200
     */
    paths: JsonPointer[];
  };
}
/**
 * Hides fields: the form does not show them and their problems are not reported.
 */
export interface HideEvent {
  type: 'hide';
  params: {
    /**
     * @minItems 1
     * @maxItems 200
     */
    paths: JsonPointer[];
  };
}
/**
 * A computed value stored at `path`: a literal `value`, or `expr`, a JSON Logic expression over { data, context, facts }.
 */
export interface SetEvent {
  type: 'set';
  params: {
    path: JsonPointer;
    value?: unknown;
    /**
     * A JSON Logic expression (jsonlogic.com); vars are dotted paths like data.count.
     */
    expr?: {
      [k: string]: unknown | undefined;
    };
  };
}
/**
 * Hands the record to another unit (e.g. the competent unit above).
 */
export interface RouteEvent {
  type: 'route';
  params: {
    to: UnitTarget;
    role?: Role;
    reason?: LocalizedText;
  };
}
/**
 * Escalates the record (typically when overdue) to a unit above.
 */
export interface EscalateEvent {
  type: 'escalate';
  params: {
    to: UnitTarget;
    role?: Role;
    /**
     * Also assign the record to that unit.
     */
    reassign?: boolean;
    reason?: LocalizedText;
  };
}
/**
 * Sends a notification to the holders of a role at a unit.
 */
export interface NotifyEvent {
  type: 'notify';
  params: {
    to: UnitTarget;
    role?: Role;
    message: LocalizedText;
  };
}
/**
 * Creates a linked record in another module (e.g. a finding hands a clue to the discipline module). Acts when the record takes a transition; the new record's id is stored at `link`.
 */
export interface CreateEvent {
  type: 'create';
  params: {
    module: Identifier2;
    /**
     * Its unit: relative to the record's holder, or the unit code held in a field.
     */
    unit?:
      | UnitTarget
      | {
          fromData: JsonPointer;
        };
    /**
     * Fields of the new record, by JSON Pointer: a literal, or a JSON Logic expression over { data, context, facts }.
     */
    data: {
      [k: string]: unknown | undefined;
    };
    link?: JsonPointer2;
  };
}
export interface Workflow {
  initial: StateName;
  states: {
    [k: string]: State | undefined;
  };
  /**
   * @maxItems 500
   */
  transitions?: Transition[];
  /**
   * Who may edit, only read, or not see which fields, by workflow state, role and the caller's unit (README, "Field access"). Rules are read in order: for a field, the first rule that names it (or a section containing it) and matches the record's state, one of the caller's roles and the caller's unit decides. A field no rule decides is editable. Enforced by the server on every write (403 FW_REC_FIELD_LOCKED at the field) and every read (hidden fields are not sent); the form shows the same. Values set by rules and by the steps themselves are not the caller's writes and are not refused.
   *
   * @maxItems 200
   */
  access?: AccessRule[];
}
export interface State {
  title: LocalizedText;
  /**
   * A draft state may be saved incomplete (missing required fields); leaving it enforces completeness. Default: true for the initial state, false otherwise.
   */
  draft?: boolean;
  /**
   * No transition leaves a final state.
   */
  final?: boolean;
  deadline?: Deadline;
}
export interface Transition {
  action: StateName1;
  title: LocalizedText;
  /**
   * The state(s) this transition leaves from.
   */
  from: StateName2 | StateName2[];
  to: StateName2;
  /**
   * Roles allowed to take this transition.
   *
   * @minItems 1
   */
  roles?: Role[];
  /**
   * Fields that must be filled to take this transition.
   *
   * @maxItems 500
   */
  requires?: JsonPointer[];
  condition?: TopLevelCondition1;
  /**
   * Whether the step makes the record a task of its roles in their inbox (待我办理). false for exceptional steps, such as withdrawing the approval of a report: an approved report is finished, not waiting for anyone.
   */
  task?: boolean;
  /**
   * Fields the transition sets, whatever the caller sent for them (e.g. the disposal action 谈话函询 sets /disposal to "talk"), so the state and the data never disagree. By JSON Pointer.
   */
  set?: {
    [k: string]: string | number | boolean | undefined;
  };
  comment?: 'none' | 'optional' | 'required';
  /**
   * Hands the record up (上报) to the parent unit, down (下发/交办) to a child unit, or home (退回) to the unit the record belongs to, assigning it to a role there.
   */
  handoff?: {
    direction: 'up' | 'down' | 'home';
    role?: Role;
  };
}
export interface AccessRule {
  /**
   * The fields or sections the rule covers: JSON Pointers into the record data; `*` stands for any row of a repeating table (e.g. /progress/* /percent).
   *
   * @minItems 1
   * @maxItems 200
   */
  fields: AccessPointer[];
  /**
   * edit: may change it; read: sees it but may not change it; hidden: neither sees nor changes it.
   */
  access: 'edit' | 'read' | 'hidden';
  /**
   * The states in which the rule applies (absent: every state).
   *
   * @minItems 1
   * @maxItems 100
   */
  states?: StateName2[];
  /**
   * The rule applies to a caller holding one of these roles (absent: every role).
   *
   * @minItems 1
   */
  roles?: Role[];
  /**
   * Where the caller's unit stands relative to the record's own unit: own (the record's unit), above (an upper unit — the record was handed up to it, or it made the record for a unit below), below (a unit the record was handed down to). Absent: any.
   *
   * @minItems 1
   */
  units?: ('own' | 'above' | 'below')[];
  note?: LocalizedText1;
}
/**
 * A text in the product's languages. zh-CN is required (the primary language); en falls back to zh-CN when absent.
 */
export interface LocalizedText1 {
  'zh-CN': string;
  en?: string;
}
export interface ReportSpec {
  /**
   * Period type; periods are written 2026-09 (month), 2026Q3 (quarter), 2026H2 (half), 2026 (year), in China time.
   */
  period: 'month' | 'quarter' | 'half' | 'year';
  /**
   * Unit levels that fill this report (1 = HQ, 2 = province, 3 = city, 4 = county).
   *
   * @minItems 1
   * @maxItems 16
   */
  levels: number[];
  deadline?: Duration1;
  /**
   * Whether a unit may submit its report before the period ends. By default (absent or false) a report can be submitted from the period's last day (China time) on: a figure counted too early would leave out the rest of the period.
   */
  submitBeforeEnd?: boolean;
  /**
   * Workflow states whose figures count as approved (rolled up by default). Default: ["approved"] when the workflow has that state, else its final states.
   *
   * @minItems 1
   * @maxItems 20
   */
  approved?: StateName2[];
  /**
   * Per field (keyed by JSON Pointer into the data): how it rolls up the tree and how it is pre-filled. Numeric fields not named here roll up by sum.
   */
  fields?: {
    [k: string]: ReportField | undefined;
  };
}
export interface ReportField {
  /**
   * How the subtree's reports combine: sum, average, minimum, maximum, count of reports that filled the field, or none (not rolled up).
   */
  aggregate?: 'sum' | 'avg' | 'min' | 'max' | 'count' | 'none';
  prefill?: Prefill;
}
/**
 * Enter once, use at many levels: the figure is computed from records of another module whose date field falls inside the period, within the filling unit's subtree (or the unit alone). It is recomputed whenever the report is opened or saved while it is a draft, frozen once submitted, and traceable to the records it counts.
 */
export interface Prefill {
  module: Identifier;
  op: 'count' | 'sum';
  field?: JsonPointer3;
  dateField: JsonPointer4;
  /**
   * @maxItems 20
   */
  where?: {
    path: JsonPointer;
    operator: 'equal' | 'notEqual' | 'in' | 'notIn';
    /**
     * A literal; a list for in / notIn.
     */
    value: unknown;
  }[];
  /**
   * Only records in these workflow states.
   *
   * @maxItems 100
   */
  states?: StateName2[];
  /**
   * subtree: records of the filling unit and every unit below it; unit: the filling unit's own records only (本级), for templates that several levels fill so the roll-up counts each record once.
   */
  scope?: 'subtree' | 'unit';
}
export interface DatasetSpec {
  name: Identifier;
  title: LocalizedText;
  /**
   * @minItems 1
   * @maxItems 1000
   */
  columns: DatasetColumn[];
  /**
   * Only records in these workflow states.
   */
  states?: string[];
  /**
   * The code of the column whose value names an existing record on import: a row whose key cell is filled updates the record it names (in the importer's subtree) instead of creating one. A column of @id, or of a data field (a row whose key names no record then creates one).
   */
  importKey?: string;
  /**
   * Repeating groups (arrays of objects) exported as linked tables: one row per item, with the record's id (PARENT_ID) and the item's position (ROW_NO, from 1). Extra files in a zip for CSV, JSON lines and Parquet; extra sheets in XLSX.
   *
   * @maxItems 50
   */
  repeats?: DatasetRepeat[];
  /**
   * The dataset's own date, which exports filter by period, from and to: a date field of the record data (a JSON Pointer), or @createdAt (the default).
   */
  dateField?: (JsonPointer | ('@createdAt' | '@updatedAt')) & string;
}
export interface DatasetColumn {
  /**
   * Stable column code, never reused.
   */
  code: string;
  title?: LocalizedText;
  /**
   * A JSON Pointer into the record data, or a record attribute: @id, @unitCode, @state, @createdAt, @updatedAt, @moduleVersion.
   */
  source: (JsonPointer | ('@id' | '@unitCode' | '@state' | '@createdAt' | '@updatedAt' | '@moduleVersion')) &
    string;
  /**
   * Value → code mapping applied on export (and reversed on import).
   */
  map?: {
    [k: string]: string | number | undefined;
  };
  ref?: DatasetRef;
  /**
   * The value an import stores in the column's field when a row leaves it empty or the file has no such column (the stored value, e.g. a code): the source of every clue an inspection team hands over. Checked as any value of the row is.
   */
  importDefault?: string | number | boolean;
}
/**
 * The column names a record of another module by that module's key: its cells hold the key (e.g. an inspection team's finding number), the record stores the id of the record named (among those of the importer's subtree), and an export writes the key back.
 */
export interface DatasetRef {
  module: Identifier3;
  key: JsonPointer5;
  link?: JsonPointer6;
}
export interface DatasetRepeat {
  /**
   * Stable table code (the file or sheet it is written to), never reused.
   */
  name: string;
  title?: LocalizedText;
  source: JsonPointer7;
  /**
   * @minItems 1
   * @maxItems 1000
   */
  columns: DatasetRepeatColumn[];
}
export interface DatasetRepeatColumn {
  /**
   * Stable column code, never reused; PARENT_ID and ROW_NO are the table's own.
   */
  code: string;
  title?: LocalizedText;
  source: JsonPointer8;
  /**
   * Value → code mapping applied on export.
   */
  map?: {
    [k: string]: string | number | undefined;
  };
}
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "Link".
 */
export interface Link {
  name: Identifier;
  title: LocalizedText;
  module: Identifier;
  /**
   * Conditions on the linked records' data, by JSON Pointer: a literal, { "fromData": "/pointer" }, or { "op": "gte", "value": … }.
   */
  where?: {
    [k: string]: unknown | undefined;
  };
  states?: string[];
  notStates?: string[];
  /**
   * The fields shown (default: all).
   */
  fields?: JsonPointer[];
  limit?: number;
  /**
   * Offers a new record of the linked module started from this one (e.g. an integrity opinion request from a cadre's archive): its fields by JSON Pointer, each a literal or a JSON Logic expression over { data } of this record.
   */
  create?: {
    title?: LocalizedText;
    data: {
      [k: string]: unknown | undefined;
    };
  };
}
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "Document".
 */
export interface Document {
  name: Identifier;
  title: LocalizedText;
  /**
   * @minItems 1
   * @maxItems 200
   */
  blocks: DocumentBlock[];
}
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "DocumentBlock".
 */
export interface DocumentBlock {
  style?: 'title' | 'heading' | 'paragraph' | 'signature';
  text: LocalizedText2;
  when?: JsonPointer9;
}
/**
 * A text in the product's languages. zh-CN is required (the primary language); en falls back to zh-CN when absent.
 */
export interface LocalizedText2 {
  'zh-CN': string;
  en?: string;
}
/**
 * How a module's records are named and listed: the record title (inbox rows, lists, search) and the list columns. Every path must name a field of the record schema; checked at publish.
 *
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "ListSpec".
 */
export interface ListSpec {
  /**
   * The parts of a record's title, joined by " · " (empty parts left out): data fields by JSON Pointer (codes shown by their titles) and @module, @period, @unit (the module's title, a report's period, the record's unit). Text search (q) matches the data fields, the period and the unit name of the title. Absent: the first top-level text field.
   *
   * @minItems 1
   * @maxItems 6
   */
  title?: TitlePart[];
  /**
   * The data columns of the module's list (state, unit and last change always follow). Absent: the first fields of the form.
   *
   * @maxItems 12
   */
  columns?: ListColumn[];
  /**
   * The default order of the list: a column's path, or createdAt, updatedAt, deadlineAt, period. Absent: newest first.
   */
  sort?: {
    by: SortKey;
    order?: 'asc' | 'desc';
  };
}
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "ListColumn".
 */
export interface ListColumn {
  path: JsonPointer;
  title?: LocalizedText3;
  module?: Identifier4;
  /**
   * The field holds a unit code: shown by the unit's name.
   */
  unit?: boolean;
  /**
   * A numeric column: the list's totals give its sum over every matching record.
   */
  sum?: boolean;
}
/**
 * A text in the product's languages. zh-CN is required (the primary language); en falls back to zh-CN when absent.
 */
export interface LocalizedText3 {
  'zh-CN': string;
  en?: string;
}
export interface TestCase {
  name: string;
  /**
   * The record data.
   */
  data: unknown;
  /**
   * The evaluation context (unit, user, state, now …).
   */
  context?: {
    [k: string]: unknown | undefined;
  };
  /**
   * Values of named facts, by name.
   */
  facts?: {
    [k: string]: unknown | undefined;
  };
  expect: TestExpectation;
}
/**
 * `errors` and `warnings` must match exactly (as sets of path + code); `events` and `derived` must be present.
 */
export interface TestExpectation {
  valid?: boolean;
  errors?: ExpectedProblem[];
  warnings?: ExpectedProblem[];
  events?: {
    type: string;
    /**
     * A subset of the event's params.
     */
    params?: {
      [k: string]: unknown | undefined;
    };
  }[];
  /**
   * Computed values by JSON Pointer.
   */
  derived?: {
    [k: string]: unknown | undefined;
  };
}
export interface ExpectedProblem {
  path: string;
  code: string;
}
export interface Migration {
  /**
   * The version whose records this migrates (records of older versions go through that version's own migration first).
   */
  from: number;
  /**
   * @maxItems 500
   */
  operations: MigrationOperation[];
  /**
   * Renamed workflow states: old name → new name.
   */
  states?: {
    [k: string]: string | undefined;
  };
  /**
   * @maxItems 200
   */
  tests?: MigrationTest[];
}
/**
 * Renames or moves a field (nothing happens when it is absent).
 */
export interface MoveOperation {
  op: 'move';
  from: JsonPointer;
  to: JsonPointer;
}
/**
 * Fills a field that is absent.
 */
export interface DefaultOperation {
  op: 'default';
  path: JsonPointer;
  value: unknown;
}
/**
 * Drops a field.
 */
export interface RemoveOperation {
  op: 'remove';
  path: JsonPointer;
}
/**
 * Replaces values of a field by a table (old → new); values not in the table stay.
 */
export interface MapOperation {
  op: 'map';
  path: JsonPointer;
  values: {
    [k: string]: unknown | undefined;
  };
}
export interface MigrationTest {
  name: string;
  /**
   * Data of a record of the earlier version.
   */
  before: {
    [k: string]: unknown | undefined;
  };
  /**
   * What it must become.
   */
  after: {
    [k: string]: unknown | undefined;
  };
}
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "AllCondition".
 */
export interface AllCondition {
  /**
   * @maxItems 100
   */
  all: Condition[];
}
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "AnyCondition".
 */
export interface AnyCondition {
  /**
   * @maxItems 100
   */
  any: Condition[];
}
/**
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "NotCondition".
 */
export interface NotCondition {
  not: Condition;
}
/**
 * Compares a fact (at an optional JSON Pointer path) with a value or with another fact.
 *
 * This interface was referenced by `ModuleDefinition`'s JSON-Schema
 * via the `definition` "LeafCondition".
 */
export interface LeafCondition {
  fact: FactName;
  path?: JsonPointer;
  /**
   * Parameters passed to a named fact; for the `logic` fact, { "expr": <JSON Logic> }.
   */
  params?: {
    [k: string]: unknown | undefined;
  };
  operator: Operator;
  /**
   * A literal, or { fact, path } to compare with another fact.
   */
  value?: {
    [k: string]: unknown | undefined;
  };
}
