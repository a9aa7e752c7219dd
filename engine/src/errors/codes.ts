/**
 * The one catalogue of Formwork error codes, grouped by area. A code is never reused once
 * retired. Messages are templates: `{name}` is replaced by the problem's params.
 * The runtime maps codes to HTTP statuses in one table (runtime/src/platform/http/error-handler.ts).
 */
import type { LocalizedText } from '../definition/generated/module-definition.js';

function t(zh: string, en: string): Required<LocalizedText> {
  return { 'zh-CN': zh, en };
}

export const CODES = {
  // --- Definitions (publish / compile) --------------------------------------------------------
  FW_DEF_INVALID: t('模块定义不合法', 'The module definition is invalid'),
  FW_DEF_TOO_LARGE: t('定义过大（{size} 字节，上限 {limit}）', 'The definition is too large ({size} bytes, limit {limit})'),
  FW_DEF_TOO_DEEP: t('模式嵌套过深（上限 {limit} 层）', 'The schema is nested too deeply (limit {limit} levels)'),
  FW_DEF_TOO_MANY_NODES: t('模式过于复杂（{count} 个子模式，上限 {limit}）', 'The schema is too complex ({count} subschemas, limit {limit})'),
  FW_DEF_SCHEMA_ROOT: t('记录模式的根必须是 "type": "object"', 'The record schema root must be "type": "object"'),
  FW_DEF_SCHEMA_INVALID: t('不是合法的 JSON Schema（2020-12）：{message}', 'Not a valid JSON Schema (2020-12): {message}'),
  FW_DEF_SCHEMA_VALUE: t('「{keyword}」的值无效，应为以下之一：{allowed}', '"{keyword}" must be one of: {allowed}'),
  FW_DEF_SCHEMA_DIALECT: t('只支持 JSON Schema 2020-12（$schema: {expected}）', 'Only JSON Schema 2020-12 is supported ($schema: {expected})'),
  FW_DEF_UNKNOWN_KEYWORD: t(
    '未知的关键字「{keyword}」：JSON Schema 2020-12 中没有它，请检查拼写；表单界面的设置（如 ui:widget）请写在 ui 中',
    'Unknown keyword "{keyword}": JSON Schema 2020-12 has no such keyword; check its spelling, and put form settings (such as ui:widget) in ui',
  ),
  FW_DEF_UNSUPPORTED_KEYWORD: t('不支持关键字「{keyword}」：{reason}', 'The keyword "{keyword}" is not supported: {reason}'),
  FW_DEF_REF_CYCLE: t('引用形成了不消耗数据的循环（{cycle}），校验将无限递归', 'References form a cycle that consumes no data ({cycle}); validation would never end'),
  FW_DEF_UNKNOWN_FORMAT: t('未知的格式「{format}」', 'Unknown format "{format}"'),
  FW_DEF_UNSAFE_PATTERN: t(
    '正则表达式可能导致灾难性回溯（ReDoS）：{reason}',
    'The regular expression can backtrack catastrophically (ReDoS): {reason}',
  ),
  FW_DEF_INVALID_PATTERN: t('正则表达式无效：{reason}', 'Invalid regular expression: {reason}'),
  FW_DEF_DATA_REF: t('不允许使用 $data 引用', '$data references are not allowed'),
  FW_DEF_REMOTE_REF: t('不允许引用外部模式「{ref}」', 'Remote schema references are not allowed: "{ref}"'),
  FW_DEF_UNRESOLVED_REF: t('无法解析引用「{ref}」', 'Unresolvable reference "{ref}"'),
  FW_DEF_UNBOUNDED_UNIQUE: t(
    'uniqueItems 的重复检查耗时随项数平方增长：请设置不超过 {limit} 的 maxItems，或让列表项只能取有限个值（enum、const 或由它们组成的 oneOf）',
    'uniqueItems takes time quadratic in the number of items: set a maxItems of at most {limit}, or let the items take only listed values (enum, const, or a oneOf of them)',
  ),
  FW_DEF_IGNORED_KEYWORD: t('「{keyword}」只在有「{needs}」时才起作用：请补上「{needs}」，或删除「{keyword}」', '"{keyword}" only takes effect with "{needs}": add "{needs}" or remove "{keyword}"'),
  FW_DEF_CONTAINS_RANGE: t(
    'minContains（{min}）大于 maxContains（{max}），任何列表都无法通过：请让 minContains 不大于 maxContains',
    'minContains ({min}) is greater than maxContains ({max}), so no list can pass: make minContains at most maxContains',
  ),
  FW_DEF_EMPTY_ENUM: t(
    '「enum」没有任何可选值，任何数据都无法通过：请至少列出一个值（若该字段必须留空，请用 false）',
    '"enum" lists no value, so nothing can pass: list at least one value (use false for a field that must stay empty)',
  ),
  FW_DEF_REF_BESIDE_ID: t(
    '带「$id」的内嵌模式在同一层写「$ref」（{ref}）时，校验器（ajv 8）会无限递归：请改写为 "allOf": [{"$ref": "{ref}"}]',
    'An embedded schema with "$id" and a "$ref" ({ref}) beside it makes the validator (ajv 8) recurse without end: write it as "allOf": [{"$ref": "{ref}"}]',
  ),
  FW_DEF_DISCRIMINATOR: t(
    '「discriminator」应写成 {"propertyName": "字段名"}，并与 oneOf 或 anyOf 写在同一模式中',
    '"discriminator" must be {"propertyName": "<field>"}, next to a oneOf or anyOf',
  ),
  FW_DEF_RESERVED_NAME: t(
    '字段名「{name}」不能使用：服务器拒绝含有这个键的数据（防止原型污染），该字段永远无法填写。请换一个名称',
    'The field name "{name}" cannot be used: the server refuses data with this key (prototype pollution), so the field could never be filled; choose another name',
  ),
  FW_DEF_UNEVALUATED_IF: t(
    '「{keyword}」与没有 then 分支的「if」（{at}）一起使用时，校验器（ajv 8）会算错哪些字段已校验：请为这个 if 写上 then，或把 if 检查的字段（列表项）写进同一模式的 properties（prefixItems）',
    '"{keyword}" with an "if" that has no "then" ({at}) makes the validator (ajv 8) miscount what was evaluated: give that if a then, or declare what it checks in properties (prefixItems) of the same schema',
  ),
  FW_DEF_UNEVALUATED_CONTAINS: t(
    '「unevaluatedItems」与「contains」（{at}）一起使用时，校验器（ajv 8）不把 contains 匹配的项算作已校验，会给出错误结果：请用 prefixItems 或 items 写明各项，或删除 unevaluatedItems',
    '"unevaluatedItems" with "contains" ({at}) gives wrong answers: the validator (ajv 8) does not count the items contains matched; describe the items with prefixItems or items, or remove unevaluatedItems',
  ),
  FW_DEF_UNEVALUATED_NESTED_ITEMS: t(
    '「unevaluatedItems」与条件分支（anyOf、oneOf、if/then/else、dependentSchemas、not）中的「items」（{at}）一起使用时，校验器（ajv 8）会给出错误结果：请把 items 写在 unevaluatedItems 所在的模式中，或删除 unevaluatedItems',
    '"unevaluatedItems" with an "items" inside a conditional branch ({at}) gives wrong answers in the validator (ajv 8): put items in the same schema as unevaluatedItems, or remove unevaluatedItems',
  ),
  FW_DEF_UI_UNKNOWN_WIDGET: t(
    '表单没有名为「{widget}」的控件，这个字段将无法显示：请改用 {allowed} 之一，或删除 ui:widget 以使用默认控件',
    'The form has no widget named "{widget}", so the field could not be shown: use one of {allowed}, or remove ui:widget to use the default',
  ),
  FW_DEF_UI_WIDGET_TYPE: t(
    '控件「{widget}」不能用于 {type} 类型的字段，这个字段将无法显示：请改用 {allowed} 之一，或删除 ui:widget 以使用默认控件',
    'The widget "{widget}" cannot show a field of type {type}, so the field could not be shown: use one of {allowed}, or remove ui:widget to use the default',
  ),
  FW_DEF_UI_UNKNOWN_FIELD: t(
    '表单没有名为「{field}」的字段组件，所选的组件不会出现（将以默认控件显示）：请改用 {allowed} 之一，或删除 ui:field',
    'The form has no field component named "{field}", so the chosen component would not show (the default would): use one of {allowed}, or remove ui:field',
  ),
  FW_DEF_UI_ORDER: t(
    'ui:order 没有列出 {missing}，表单会显示配置错误而不是这些字段：请把它们加入 ui:order，或加入 "*" 代表其余字段（"…" 指按 additionalProperties 或 patternProperties 填写的字段）',
    'ui:order does not list {missing}, so the form would show a configuration error instead of the fields: add them, or add "*" for the rest ("…" stands for fields filled under additionalProperties or patternProperties)',
  ),
  FW_DEF_UI_ORDER_WILDCARD: t('ui:order 中有 {count} 个 "*"，表单会显示配置错误：只保留一个 "*"', 'ui:order holds {count} "*", so the form would show a configuration error: keep one'),
  FW_DEF_UI_LAYOUT_PLACE: t('ui:layout 只能写在 ui 的最外层（整张表单的分区、分页或分步）', 'ui:layout belongs at the top of ui (the sections, tabs or steps of the whole form)'),
  FW_DEF_UI_LAYOUT_FIELD: t(
    '分区「{group}」列出的「{pointer}」不是表单的顶层字段：请写表单中已有字段的路径（如 /{example}）',
    'Group "{group}" lists "{pointer}", which is not a top-level field of the form: name an existing field (such as /{example})',
  ),
  FW_DEF_UI_LAYOUT_DUPLICATE: t('「{name}」在表单分区中出现了两次（另见 {other}）：每个分区名和每个字段只能出现一次', '"{name}" appears twice in the form\'s groups (see also {other}): each group key and each field appears once'),
  FW_DEF_UI_LAYOUT_OPTION: t(
    'ui:options.layout 为「{layout}」，但 {fit}：请删除它，或改用适合的字段',
    'ui:options.layout is "{layout}", but {fit}: remove it, or put it on a field that fits',
  ),
  FW_DEF_COMPILE: t('模式无法编译：{message}', 'The schema cannot be compiled: {message}'),
  FW_DEF_UNKNOWN_FIELD: t('字段「{pointer}」在记录模式中不存在', 'Field "{pointer}" does not exist in the record schema'),
  FW_DEF_UNKNOWN_STATE: t('状态「{state}」不存在', 'State "{state}" does not exist'),
  FW_DEF_UNKNOWN_FACT: t(
    '事实「{fact}」未声明（可用：data、context 或在 facts 中声明）',
    'Fact "{fact}" is not declared (use data, context or declare it in facts)',
  ),
  FW_DEF_UNKNOWN_CONTEXT: t('上下文中没有「{pointer}」', 'The context has no "{pointer}"'),
  FW_DEF_DUPLICATE: t('重复的名称「{name}」', 'Duplicate name "{name}"'),
  FW_DEF_FINAL_STATE_EXIT: t('终态「{state}」不能有流出的流转', 'The final state "{state}" cannot have outgoing transitions'),
  FW_DEF_SET_VALUE: t('步骤设置字段「{pointer}」的值「{value}」不在允许的选项中（可选：{allowed}）', 'The step sets "{pointer}" to "{value}", which is not an allowed value ({allowed})'),
  FW_DEF_NOT_A_DATE: t('字段「{pointer}」不是日期字段', 'Field "{pointer}" is not a date field'),
  FW_DEF_IMPORT_KEY: t('导入键「{key}」须是本数据集的列代码，且取自记录编号（@id）或表单字段', 'The import key "{key}" must be a column code of this dataset, taken from the record id (@id) or a form field'),
  FW_DEF_DATASET_REF_SOURCE: t('列「{column}」引用其他模块的记录，须取自表单字段（存放所引用记录的编号）', 'The column "{column}" names records of another module: its source must be a form field (which stores the id of the record named)'),
  FW_DEF_DATASET_REF_MODULE: t('列引用的模块「{module}」不是已发布的业务模块', 'The module "{module}" the column names is not a published record module'),
  FW_DEF_DATASET_REF_KEY: t('「{pointer}」不是模块「{module}」的导入键字段（须是其某个数据集 importKey 列所取的表单字段）', '"{pointer}" is no key field of the module "{module}" (it must be the form field of one of its datasets\' importKey column)'),
  FW_DEF_DATASET_REF_LINK: t('回链字段「{pointer}」不是模块「{module}」的表单字段', 'The link-back field "{pointer}" is no form field of the module "{module}"'),
  FW_DEF_NOT_A_LIST: t('字段「{pointer}」不是列表（对象数组），不能导出为关联表', 'Field "{pointer}" is not a list of objects and cannot be exported as a linked table'),
  FW_DEF_NOT_A_NUMBER: t('字段「{pointer}」不是数值字段', 'Field "{pointer}" is not a numeric field'),
  FW_DEF_UNKNOWN_CODELIST: t('代码集「{key}」未发布', 'The code list "{key}" is not published'),
  FW_DEF_INVALID_DURATION: t('「{duration}」不是合法的 ISO 8601 时长（如 P15D）', '"{duration}" is not an ISO 8601 duration (e.g. P15D)'),
  FW_DEF_MIGRATION_FROM: t('迁移只能来自已发布的早期版本（最新为 {latest}）', 'A migration can only come from an earlier published version (the latest is {latest})'),
  FW_DEF_INVALID_EXPR: t('表达式无效：{reason}', 'Invalid expression: {reason}'),
  FW_DEF_RULE_VALUE_REQUIRED: t(
    '条件缺少比较值（value）：运算符「{operator}」需要一个值；只有「为空」「不为空」可以不写值',
    'The condition has no value: the operator {operator} needs one (only isEmpty and isNotEmpty may omit it)',
  ),
  FW_DEF_RULE_VALUE: t('条件的比较值不适合运算符「{operator}」：应为{expected}', 'The value does not suit the operator {operator}: expected {expected}'),
  FW_DEF_OPERATOR_TYPE: t(
    '运算符「{operator}」不适用于「{subject}」：它是{kind}，该运算符只适用于{expected}。{hint}',
    'The operator {operator} does not fit "{subject}": it is a {kind} value, the operator takes {expected}. {hint}',
  ),
  FW_DEF_RULE_REJECTED: t('规则引擎无法读取这条条件：{reason}', 'The rules engine cannot read this condition: {reason}'),
  FW_DEF_TOO_COMPLEX: t('条件嵌套过深（上限 {limit} 层）', 'Conditions are nested too deeply (limit {limit} levels)'),
  FW_DEF_REPORT_KIND: t('只有 report 类模块可以定义 report', 'Only modules of kind "report" may define a report'),
  FW_DEF_REPORT_FIELD: t('报表字段「{pointer}」须是表单中的字段（不能在列表之中）', 'Report field "{pointer}" must be a field of the form (not inside a list)'),
  FW_DEF_PREFILL_SUM_FIELD: t('求和预填须给出被求和的字段（field）', 'A sum pre-fill needs the summed field (field)'),
  FW_DEF_PREFILL_MODULE: t('预填来源「{module}」不是已发布的业务模块', 'The pre-fill source "{module}" is not a published record module'),
  FW_DEF_CODE_REMOVED: t(
    '代码「{title}」（{code}）已被已发布的模块（{modules}）使用，不能删除：请改为停用（"deprecated": true），已有记录仍然有效，新填写时不再提供',
    'The code "{title}" ({code}) is used by published modules ({modules}) and cannot be removed: retire it instead ("deprecated": true); records holding it stay valid, new entries no longer offer it',
  ),
  FW_DEF_PREFILL_UNKNOWN_FIELD: t('预填来源「{module}」中没有字段「{pointer}」', 'The pre-fill source "{module}" has no field "{pointer}"'),
  FW_DEF_LIST_PERIOD: t('「@period」（报告期）只能用于报表模块的标题', '"@period" (the period) can only be part of a report module\'s title'),
  FW_DEF_LIST_COLUMN_REF: t('列「{pointer}」不能既指向记录（module）又指向单位（unit）', 'Column "{pointer}" cannot point to both a record (module) and a unit (unit)'),
  FW_DEF_LIST_SORT: t('默认排序「{by}」须是已声明的列或内置字段（可选：{allowed}）', 'The default order "{by}" must be a declared column or a built-in field ({allowed})'),
  FW_DEF_DUE_NOT_REPORT: t('只有报表模块的状态可以按下发时的截止日期（due）计时', 'Only report modules can use the assigned due date (due) as a deadline'),
  FW_DEF_KEY_MISMATCH: t('定义中的 key「{actual}」与地址中的「{expected}」不一致', 'The key "{actual}" does not match "{expected}" in the URL'),
  FW_DEF_VERSION_CONFLICT: t(
    '版本冲突：当前最新版本为 {latest}，只能发布版本 {next}',
    'Version conflict: the latest version is {latest}, only version {next} can be published',
  ),
  FW_DEF_KIND_CHANGED: t('模块类型不能从「{from}」改为「{to}」', 'The module kind cannot change from "{from}" to "{to}"'),
  FW_DEF_TESTS_FAILED: t('定义自带的测试未通过：{failed} 个失败', "The definition's own tests failed: {failed} failing"),
  FW_DEF_TEST_CASE_FAILED: t('测试「{name}」未通过：{reason}', 'Test "{name}" failed: {reason}'),

  // --- Import into the module designer ----------------------------------------------------------
  // Notes: what an import converted (never an error response; the import succeeded).
  FW_IMPORT_SCHEMA_DIALECT: t('已删除「$schema」（{dialect}）：Formwork 只用 JSON Schema 2020-12', 'Removed "$schema" ({dialect}): Formwork uses JSON Schema 2020-12 throughout'),
  FW_IMPORT_DEFINITIONS: t('「definitions」已改为 2020-12 的「$defs」', '"definitions" became "$defs" (2020-12)'),
  FW_IMPORT_REF: t('引用「{from}」已改为「{to}」', 'The reference "{from}" became "{to}"'),
  FW_IMPORT_DEPENDENT_REQUIRED: t('「dependencies」中的字段列表已改为「dependentRequired」（{names}）', 'The property lists in "dependencies" became "dependentRequired" ({names})'),
  FW_IMPORT_DEPENDENT_SCHEMAS: t('「dependencies」中的模式已改为「dependentSchemas」（{names}）', 'The schemas in "dependencies" became "dependentSchemas" ({names})'),
  FW_IMPORT_PREFIX_ITEMS: t('数组形式的「items」已改为「prefixItems」', 'Array-form "items" became "prefixItems"'),
  FW_IMPORT_ADDITIONAL_ITEMS: t('「additionalItems」已改为「items」', '"additionalItems" became "items"'),
  FW_IMPORT_ID: t('「id」已改为「$id」', '"id" became "$id"'),
  FW_IMPORT_ANCHOR: t('「{keyword}」中的「#{anchor}」已改为「$anchor」', '"#{anchor}" in "{keyword}" became "$anchor"'),
  FW_IMPORT_EXCLUSIVE_BOUND: t('「{keyword}: true」与「{bound}: {limit}」已合并为「{keyword}: {limit}」', '"{keyword}: true" with "{bound}: {limit}" became "{keyword}: {limit}"'),
  FW_IMPORT_KEYWORD_DROPPED: t('已删除不起作用的「{keyword}」', 'Removed "{keyword}", which had no effect'),
  FW_IMPORT_ROOT_TYPE: t('根模式未写「type」，按其 properties 补为 "type": "object"', 'The root schema had no "type"; its properties make it "type": "object"'),
  FW_IMPORT_TITLE_FROM_SCHEMA: t('模块名称取自模式的 title', "The module title was taken from the schema's title"),
  FW_IMPORT_EXAMPLE_TEST: t('示例数据（formData）已作为测试「{name}」：发布时须通过校验', 'The example data (formData) became the test "{name}": it must be valid to publish'),
  FW_IMPORT_EXAMPLE_SKIPPED: t('示例数据（formData）为空或不是对象，未作为测试导入', 'The example data (formData) is empty or not an object; it was not imported as a test'),
  FW_IMPORT_TRANSLATION_MOVED: t('英文标题的位置「{from}」已改为「{to}」', 'The English title at "{from}" moved to "{to}"'),
  FW_IMPORT_VERSION: t('已删除版本号 {version}：发布时重新分配', 'Removed version {version}: publishing assigns the version'),
  FW_IMPORT_IGNORED_KEY: t('未导入「{key}」：模块定义中没有它的位置', 'Did not import "{key}": a module definition has no place for it'),
  // Refusals: the input cannot be read as a form.
  FW_IMPORT_NOT_AN_OBJECT: t('「{name}」应为 JSON 对象', '"{name}" must be a JSON object'),
  FW_IMPORT_TITLE: t('名称（title）应为文本或 {"zh-CN": …, "en": …}', 'The title must be a text or {"zh-CN": …, "en": …}'),
  FW_IMPORT_CONFLICT: t('「{keyword}」与「{replacement}」都定义了「{name}」，无法合并', '"{keyword}" and "{replacement}" both define "{name}"; they cannot be merged'),

  // --- Validation of record data --------------------------------------------------------------
  FW_VAL_REQUIRED: t('「{label}」为必填项', '"{label}" is required'),
  FW_VAL_TYPE: t('「{label}」应为{typeName}', '"{label}" must be {typeName}'),
  FW_VAL_ENUM: t('「{label}」的值不在允许的选项中{allowed}', '"{label}" must be one of the allowed values{allowed}'),
  FW_VAL_CONST: t('「{label}」的值不正确', '"{label}" has an unexpected value'),
  FW_VAL_FORMAT: t('「{label}」的格式不正确（应为{formatName}）', '"{label}" is not a valid {formatName}'),
  FW_VAL_PATTERN: t('「{label}」的格式不正确', '"{label}" does not match the required pattern'),
  FW_VAL_MIN_LENGTH: t('「{label}」至少需要 {limit} 个字符', '"{label}" must have at least {limit} characters'),
  FW_VAL_MAX_LENGTH: t('「{label}」最多 {limit} 个字符', '"{label}" must have at most {limit} characters'),
  FW_VAL_MINIMUM: t('「{label}」不能小于 {limit}', '"{label}" must be at least {limit}'),
  FW_VAL_MAXIMUM: t('「{label}」不能大于 {limit}', '"{label}" must be at most {limit}'),
  FW_VAL_EXCLUSIVE_MINIMUM: t('「{label}」必须大于 {limit}', '"{label}" must be greater than {limit}'),
  FW_VAL_EXCLUSIVE_MAXIMUM: t('「{label}」必须小于 {limit}', '"{label}" must be less than {limit}'),
  FW_VAL_MULTIPLE_OF: t('「{label}」必须是 {multipleOf} 的倍数', '"{label}" must be a multiple of {multipleOf}'),
  FW_VAL_MIN_ITEMS: t('「{label}」至少需要 {limit} 项', '"{label}" must have at least {limit} items'),
  FW_VAL_MAX_ITEMS: t('「{label}」最多 {limit} 项', '"{label}" must have at most {limit} items'),
  FW_VAL_UNIQUE_ITEMS: t('「{label}」中第 {j} 项与第 {i} 项重复', '"{label}": item {j} duplicates item {i}'),
  FW_VAL_CONTAINS: t('「{label}」中符合条件的项数量不正确', '"{label}" does not contain the required number of matching items'),
  FW_VAL_MIN_PROPERTIES: t('「{label}」至少需要 {limit} 个字段', '"{label}" must have at least {limit} fields'),
  FW_VAL_MAX_PROPERTIES: t('「{label}」最多 {limit} 个字段', '"{label}" must have at most {limit} fields'),
  FW_VAL_ADDITIONAL_PROPERTY: t('不允许的字段「{property}」', 'Unknown field "{property}"'),
  FW_VAL_ADDITIONAL_ITEMS: t('「{label}」最多 {limit} 项', '"{label}" must have at most {limit} items'),
  FW_VAL_PROPERTY_NAME: t('字段名「{propertyName}」不合法', 'Invalid field name "{propertyName}"'),
  FW_VAL_DEPENDENT_REQUIRED: t('填写「{dependsOn}」时，「{label}」为必填项', '"{label}" is required when "{dependsOn}" is filled'),
  FW_VAL_ONE_OF: t('「{label}」应恰好符合一种允许的形式', '"{label}" must match exactly one allowed form'),
  FW_VAL_ANY_OF: t('「{label}」不符合任何允许的形式', '"{label}" does not match any allowed form'),
  FW_VAL_NOT: t('「{label}」不能是被排除的值', '"{label}" must not match the excluded form'),
  FW_VAL_FALSE_SCHEMA: t('「{label}」不允许出现', '"{label}" is not allowed'),
  FW_VAL_TOO_DEEP: t('数据嵌套过深（上限 {limit} 层）', 'The data is nested too deeply (limit {limit} levels)'),
  FW_VAL_INVALID: t('「{label}」不合法', '"{label}" is invalid'),

  // --- Rules ---------------------------------------------------------------------------------
  FW_RULE_ERROR: t('{message}', '{message}'),
  FW_FACT_WITHHELD: t('以下事实涉及全组织数据，只在总部办理时计算，本单位不显示：{facts}', 'These facts cover the whole organisation and are computed only where HQ handles the record; they are withheld here: {facts}'),
  FW_RULE_WARNING: t('{message}', '{message}'),


  // --- Records and workflow ------------------------------------------------------------------
  FW_REC_NOT_FOUND: t('记录不存在', 'The record does not exist'),
  FW_REC_INVALID: t('数据未通过校验：{count} 处错误', 'The data is invalid: {count} problems'),
  FW_REC_VERSION_CONFLICT: t('记录已被他人修改（当前版本 {current}），请刷新后重试', 'The record was changed by someone else (now version {current}); reload and try again'),
  FW_REC_IF_MATCH_REQUIRED: t('修改记录须在 If-Match 中给出记录版本', 'Updating a record needs its version in If-Match'),
  FW_REC_NOT_EDITABLE: t('记录处于「{state}」状态，不能直接修改', 'The record is in state "{state}" and cannot be edited directly'),
  FW_REC_FIELD_LOCKED: t('您不能修改「{label}」（在「{state}」环节对您{access}）', 'You may not change "{label}" (at "{state}" it is {access} for you)'),
  FW_REC_IDEMPOTENCY_MISMATCH: t('Idempotency-Key 已用于另一个不同的请求', 'The Idempotency-Key was used for a different request'),
  FW_REC_BAD_QUERY: t('查询参数不正确：{reason}', 'Invalid query: {reason}'),
  FW_REC_WRONG_KIND: t('「{key}」是{kind}，不能直接新建记录', '"{key}" is a {kind}; records cannot be created in it directly'),
  FW_REC_EMPTY: t('表单尚未填写任何内容，未创建记录', 'Nothing has been filled in; no record was created'),
  FW_REC_NOT_WITHDRAWABLE: t('只有从未提交过的草稿可以撤回（记录当前为「{state}」）', 'Only a draft that was never submitted can be withdrawn (the record is now "{state}")'),
  FW_REC_NO_DOCUMENT: t('没有名为「{name}」的文书', 'There is no document "{name}"'),
  FW_WF_CREATE_INVALID: t('按规则「{rule}」生成的「{module}」记录不合法', 'The "{module}" record made by rule "{rule}" is invalid'),
  FW_WF_CREATE_UNIT: t('按规则「{rule}」生成记录的单位「{unit}」不存在或不在本单位之下', 'Rule "{rule}": the unit "{unit}" of the new record does not exist or is not below this one'),
  FW_WF_ACTION_NOT_AVAILABLE: t('当前状态「{state}」下不能执行「{action}」', 'Action "{action}" is not available in state "{state}"'),
  FW_WF_CONDITION_NOT_MET: t('「{action}」的办理条件尚未满足', 'The conditions of "{action}" are not met'),
  FW_WF_ROLE_NOT_ALLOWED: t('您的角色不能执行「{action}」（需要：{roles}）', 'Your roles may not take "{action}" (needs: {roles})'),
  FW_WF_NOT_HOLDER: t('记录当前由「{unit}」办理', 'The record is now held by unit "{unit}"'),
  FW_WF_COMMENT_REQUIRED: t('「{action}」需要填写意见', '"{action}" needs a comment'),
  FW_WF_NO_PARENT: t('已是最高一级单位，无法上报', 'There is no unit above to hand the record up to'),
  FW_WF_HANDOFF_TARGET: t('请选择下级单位（{unit} 的下级）', 'Choose a unit below {unit}'),

  FW_ATTACHMENT_NOT_FOUND: t('附件不存在', 'The attachment does not exist'),
  FW_ATTACHMENT_EMPTY: t('附件为空文件', 'The attached file is empty'),
  FW_ATTACHMENT_MISSING: t('请选择要上传的文件', 'Choose a file to upload'),
  FW_ATTACHMENT_TOO_LARGE: t('附件过大（上限 {limit} 字节）', 'The attachment is too large (limit {limit} bytes)'),
  FW_ATTACHMENT_CLOSED: t('记录已办结，不能再增删附件', 'The record is closed; attachments can no longer change'),

  // --- Reports --------------------------------------------------------------------------------
  FW_REPORT_NOT_REPORT: t('「{key}」不是报表模块', '"{key}" is not a report module'),
  FW_REPORT_PERIOD: t('「{period}」不是合法的{typeName}报告期（例如 {example}）', '"{period}" is not a valid {type} period (e.g. {example})'),
  FW_REPORT_LEVEL: t('该报表只能下发到第 {levels} 级单位', 'This report can only be assigned to units of level {levels}'),
  FW_REPORT_UNIT_LEVEL: t('单位「{code}」是第 {level} 级单位，该报表只能下发到第 {levels} 级单位', 'Unit "{code}" is of level {level}; this report goes to units of level {levels}'),
  FW_REPORT_TARGET: t('请指定下发的单位层级（level）或单位代码（unitCodes），二者选一', 'Give either the unit level (level) or the unit codes (unitCodes) to assign to'),
  FW_REPORT_NO_UNITS: t('本单位之下没有第 {level} 级单位', 'There are no units of level {level} in your subtree'),
  FW_REPORT_DUE: t('截止时间「{dueAt}」不合法', 'The due date "{dueAt}" is invalid'),
  FW_REPORT_NOT_PREFILLED: t('字段「{pointer}」不是预填字段', 'Field "{pointer}" is not pre-filled'),
  FW_REPORT_PERIOD_OPEN: t(
    '报告期 {period} 尚未结束，{from} 起才能上报（该报表不允许提前上报）',
    'The period {period} has not ended: the report can be submitted from {from} (this template does not allow early submission)',
  ),

  // --- Authentication and authorisation -------------------------------------------------------
  FW_AUTH_REQUIRED: t('请先登录', 'Authentication required'),
  FW_AUTH_INVALID_CREDENTIALS: t('用户名或密码错误', 'Wrong username or password'),
  FW_AUTH_INVALID_TOKEN: t('登录已失效，请重新登录', 'The session is invalid or has expired; please log in again'),
  FW_AUTH_FORBIDDEN: t('没有执行此操作的权限', 'You are not allowed to do this'),
  FW_AUTH_HQ_ONLY: t('只有总部的设计人员可以迁移全部单位的记录', 'Only designers at headquarters may migrate the records of every unit'),

  // --- Units and users ------------------------------------------------------------------------
  FW_UNIT_NOT_FOUND: t('单位「{code}」不存在', 'Unit "{code}" does not exist'),
  FW_UNIT_EXISTS: t('单位代码「{code}」已存在', 'The unit code "{code}" is taken'),
  FW_UNIT_CYCLE: t('不能把单位「{code}」移到它自己或它的下级单位之下', 'Unit "{code}" cannot move below itself or one of its subunits'),
  FW_UNIT_IMPORT_INVALID: t('导入未执行：{count} 处错误，没有导入任何单位', 'Nothing was imported: {count} problems'),
  FW_UNIT_ROW_MISSING_PARENT: t('第 {row} 行：上级单位「{parentCode}」不存在', 'Row {row}: the parent unit "{parentCode}" does not exist'),
  FW_UNIT_ROW_DUPLICATE: t('第 {row} 行：单位代码「{code}」与第 {first} 行重复', 'Row {row}: the unit code "{code}" repeats row {first}'),
  FW_UNIT_ROW_EXISTS: t('第 {row} 行：单位代码「{code}」已存在', 'Row {row}: the unit code "{code}" is taken'),
  FW_UNIT_ROW_CYCLE: t('第 {row} 行：上下级关系形成了循环（{cycle}）', 'Row {row}: the parent links form a cycle ({cycle})'),
  FW_UNIT_ROW_INVALID: t('第 {row} 行：{message}', 'Row {row}: {message}'),
  FW_USER_NOT_FOUND: t('用户「{username}」不存在', 'User "{username}" does not exist'),
  FW_USER_EXISTS: t('用户名「{username}」已被使用', 'The username "{username}" is taken'),
  FW_USER_WEAK_PASSWORD: t('密码不符合要求：{reason}', 'The password is too weak: {reason}'),
  FW_USER_WRONG_PASSWORD: t('当前密码不正确', 'The current password is wrong'),
  FW_USER_CHANGE_NOT_FOUND: t('没有编号为 {id} 的报备事项', 'No filed change {id}'),
  FW_USER_CHANGE_DECIDED: t('该报备事项已处理（{status}）', 'The filed change was already decided ({status})'),
  FW_USER_PASSWORD_LOCKED: t('密码错误次数过多，账户已暂时锁定，请 {minutes} 分钟后再试', 'Too many wrong passwords: the account is locked; try again in {minutes} minutes'),
  FW_USER_ROLE_NOT_ALLOWED: t('角色「{role}」只能授予第 {levels} 级单位的用户', 'The role "{role}" can only be held at unit level {levels}'),
  FW_USER_STATE: t('用户「{username}」当前状态为「{status}」，不能执行此操作', 'User "{username}" is {status}; this cannot be done now'),
  FW_USER_APPROVAL_FROM_ABOVE: t('须由上级单位的管理员审批', 'Only an administrator of a unit above may decide this'),
  FW_USER_SELF: t('不能对自己的账号执行此操作', 'You cannot do this to your own account'),

  // --- Requests -------------------------------------------------------------------------------
  FW_DATASET_NOT_FOUND: t('没有名为「{name}」的数据集', 'No dataset named "{name}"'),
  FW_DATASET_IMPORT_FORMAT: t('导入文件无法读取：{reason}', 'The import file cannot be read: {reason}'),
  FW_DATASET_IMPORT_COLUMN: t('文件中的列「{column}」不是数据集的列（按列代码或中文列名）', 'The file\'s column "{column}" is not a column of the dataset (by code or Chinese title)'),
  FW_DATASET_IMPORT_MAPPING: t('列对应中的「{column}」不是数据集的列代码', 'The mapping names "{column}", which is no column code of the dataset'),
  FW_DATASET_IMPORT_TYPE: t('「{column}」的值「{value}」不是{expected}', 'The value "{value}" of "{column}" is not {expected}'),
  FW_DATASET_IMPORT_CODE: t('「{column}」的值「{value}」不是允许的代码或名称，允许：{allowed}', 'The value "{value}" of "{column}" is not an allowed code or title; allowed: {allowed}'),
  FW_DATASET_IMPORT_UNIT: t('单位「{unit}」不存在或不在您的管辖范围内', 'The unit "{unit}" does not exist or is outside your subtree'),
  FW_DATASET_IMPORT_DUPLICATE_KEY: t('「{column}」的值「{value}」与第 {first} 行重复：同一文件中每条记录只能出现一次', 'The value "{value}" of "{column}" repeats row {first}: each record may appear once in a file'),
  FW_DATASET_IMPORT_KEY_UNKNOWN: t('「{column}」为「{value}」的记录不存在或不在您的管辖范围内', 'No record with "{column}" = "{value}" exists in your subtree'),
  FW_DATASET_IMPORT_KEY_AMBIGUOUS: t('「{column}」为「{value}」的记录有 {count} 条，无法确定更新哪一条', '{count} records have "{column}" = "{value}": which one to update cannot be told'),
  FW_DATASET_IMPORT_REF_UNKNOWN: t('「{column}」为「{value}」的{module}不存在或不在您的管辖范围内', 'No {module} with "{column}" = "{value}" exists in your subtree'),
  FW_DATASET_IMPORT_REF_AMBIGUOUS: t('「{column}」为「{value}」的{module}有 {count} 条，无法确定是哪一条', '{count} records of {module} have "{column}" = "{value}": which one is meant cannot be told'),
  FW_DATASET_JOB_NOT_FOUND: t('没有这个导出任务（或它不是您发起的）', 'No such export job (or it is not yours)'),
  FW_DATASET_JOB_NOT_READY: t('导出任务尚未完成（{status}），完成后才能下载', 'The export job is not finished yet ({status}); download it when it is'),
  FW_DATASET_JOB_EXPIRED: t('导出文件已过保留期限并已删除，请重新导出', 'The exported file was kept for its time and is gone; export again'),
  FW_DATASET_PERIOD: t('期间「{period}」不正确（应为 2026、2026H1、2026Q3 或 2026-07）', 'The period "{period}" is invalid (2026, 2026H1, 2026Q3 or 2026-07)'),
  FW_REQ_MALFORMED_JSON: t('请求体不是合法的 JSON', 'The request body is not valid JSON'),
  FW_REQ_MALFORMED_CSV: t('CSV 无法解析：{reason}', 'The CSV cannot be parsed: {reason}'),
  FW_REQ_TOO_MANY_ROWS: t('行数过多（{count} 行，上限 {limit}）', 'Too many rows ({count}, limit {limit})'),
  FW_REQ_BODY_TOO_LARGE: t('请求体过大（上限 {limit} 字节）', 'The request body is too large (limit {limit} bytes)'),
  FW_REQ_UNSUPPORTED_MEDIA_TYPE: t('不支持的内容类型「{contentType}」', 'Unsupported content type "{contentType}"'),
  FW_REQ_INVALID: t('请求不合法', 'The request is invalid'),
  FW_REQ_POISONED: t('请求体包含被禁止的键（__proto__ 或 constructor）', 'The request body contains a forbidden key (__proto__ or constructor)'),
  FW_REQ_BAD_URL: t('请求地址不合法（编码错误或参数过长）', 'The request address is invalid (bad encoding or a parameter too long)'),
  FW_REQ_BAD_TEXT: t('文本包含不允许的字符（空字符或不成对的代理字符）', 'The text contains a character that is not allowed (a NUL or an unpaired surrogate)'),
  FW_REQ_TOO_DEEP: t('请求体嵌套过深（上限 {limit} 层）', 'The request body is nested too deeply (limit {limit} levels)'),
  FW_REQ_RATE_LIMITED: t('请求过于频繁，请稍后再试', 'Too many requests; try again later'),
  FW_NOT_FOUND: t('未找到', 'Not found'),
  FW_MODULE_NOT_FOUND: t('模块「{key}」不存在', 'Module "{key}" does not exist'),
  FW_VERSION_NOT_FOUND: t('模块「{key}」没有版本 {version}', 'Module "{key}" has no version {version}'),

  // --- Drafts (definitions being edited in the designer) ----------------------------------------
  FW_DRAFT_NOT_FOUND: t('草稿不存在或已发布', 'The draft does not exist or was published'),
  FW_DRAFT_KEY: t('草稿须有合法的模块标识（小写字母开头，2–64 个字母、数字、- 或 _）', 'A draft needs a valid module key (a lowercase letter, then 1–63 letters, digits, - or _)'),
  FW_DRAFT_KEY_CHANGED: t('修订模块「{key}」的草稿不能改变模块标识', 'A draft revising module "{key}" cannot change its key'),
  FW_DRAFT_REVISION_CONFLICT: t('草稿已被他人修改（当前修订 {current}），请载入最新内容后再改', 'The draft was changed by someone else (now revision {current}); load it and edit again'),
  FW_DRAFT_IF_MATCH_REQUIRED: t('保存草稿须在 If-Match 中给出草稿修订号', 'Saving a draft needs its revision in If-Match'),
  FW_DRAFT_MODULE_MOVED: t('模块「{key}」在草稿创建后已发布了新版本（最新 {latest}，草稿基于 {base}）', 'Module "{key}" was published again after this draft was made (latest {latest}, draft based on {base})'),

  // --- Server ---------------------------------------------------------------------------------
  FW_INTERNAL: t('服务器内部错误，请联系管理员（请求编号 {requestId}）', 'Internal server error; contact the administrator (request id {requestId})'),
} as const satisfies Record<string, Required<LocalizedText>>;

/** A stable Formwork error code. */
export type ErrorCode = keyof typeof CODES;

/** Whether a string is a code of the catalogue. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(CODES, code);
}
