/**
 * Either-or sections (oneOf/anyOf): errors are those of the branch the data aims at — by a
 * const/enum discriminator, OpenAPI's `discriminator`, or the fewest errors — on their fields,
 * once. An untouched section asks only for its discriminator, and a blank either-or record has
 * only "required" problems, which drafts allow.
 */
import { describe, expect, it } from 'vitest';
import { compileDefinition, evaluate } from '../../engine/src/index.js';
import { definition, pairs } from './helpers.js';

/** The layout of rjsf's "Layout Grid" employment section: three referenced branches tagged by job_type. */
const employment = definition({
  schema: {
    type: 'object',
    $defs: {
      Location: { type: 'object', properties: { city: { type: 'string', title: '城市' } }, required: ['city'] },
      Company: {
        type: 'object',
        properties: { job_type: { type: 'string', enum: ['company'], default: 'company' }, business: { type: 'string', title: '公司名称' }, location: { $ref: '#/$defs/Location' } },
        required: ['job_type', 'business', 'location'],
      },
      Education: {
        type: 'object',
        properties: { job_type: { type: 'string', enum: ['education'] }, school: { type: 'string', title: '学校名称' }, location: { $ref: '#/$defs/Location' } },
        required: ['job_type', 'school', 'location'],
      },
      Other: { type: 'object', properties: { job_type: { type: 'string', enum: ['other'] }, description: { type: 'string', title: '工作描述' } }, required: ['job_type', 'description'] },
    },
    properties: {
      name: { type: 'string', title: '姓名' },
      employment: { title: '工作', discriminator: { propertyName: 'job_type' }, oneOf: [{ $ref: '#/$defs/Company' }, { $ref: '#/$defs/Education' }, { $ref: '#/$defs/Other' }] },
    },
  },
});

const errors = async (def: Record<string, unknown>, data: unknown) => pairs((await evaluate(compileDefinition(def), data)).errors);
const messages = async (def: Record<string, unknown>, data: unknown) => (await evaluate(compileDefinition(def), data)).errors.map((e) => e.message['zh-CN']);

describe('either-or errors: the branch the data aims at', () => {
  it('a company job gets the company branch errors only, on their fields (nothing about schools)', async () => {
    expect(await errors(employment, { employment: { job_type: 'company', location: {} } })).toEqual(['/employment/business FW_VAL_REQUIRED', '/employment/location/city FW_VAL_REQUIRED']);
    expect(await messages(employment, { employment: { job_type: 'company', location: {} } })).toEqual(['「公司名称」为必填项', '「城市」为必填项']);
    expect(await errors(employment, { employment: { job_type: 'education', school: 'x', location: { city: 'y' } } })).toEqual([]);
  });

  it('an untouched section asks only for its discriminator; a value no branch takes is one enum error', async () => {
    expect(await errors(employment, { employment: {} })).toEqual(['/employment/job_type FW_VAL_REQUIRED']);
    expect(await errors(employment, {})).toEqual([]);
    expect(await errors(employment, { employment: { job_type: 'retired' } })).toEqual(['/employment/job_type FW_VAL_ENUM']);
    const [message] = await messages(employment, { employment: { job_type: 'retired' } });
    expect(message).toContain('company、education、other');
  });

  it('finds the discriminator without the OpenAPI keyword: a property every branch pins with const', async () => {
    const def = definition({
      schema: {
        type: 'object',
        properties: {
          contact: {
            oneOf: [
              { type: 'object', properties: { by: { const: 'phone' }, phone: { type: 'string', pattern: '^[0-9]+$', title: '电话' } }, required: ['by', 'phone'] },
              { type: 'object', properties: { by: { const: 'mail' }, mail: { type: 'string', format: 'email', title: '邮箱' } }, required: ['by', 'mail'] },
            ],
          },
        },
      },
    });
    expect(await errors(def, { contact: { by: 'mail', mail: 'not-a-mail' } })).toEqual(['/contact/mail FW_VAL_FORMAT']);
    expect(await errors(def, { contact: { by: 'phone' } })).toEqual(['/contact/phone FW_VAL_REQUIRED']);
  });

  it('inline branches without a discriminator: the branch with the fewest errors, not "must match one form"', async () => {
    const def = definition({
      schema: {
        type: 'object',
        properties: {
          id: {
            anyOf: [
              { type: 'object', properties: { passport: { type: 'string', minLength: 6, title: '护照号' } }, required: ['passport'] },
              { type: 'object', properties: { idCard: { type: 'string', pattern: '^[0-9]{17}[0-9X]$', title: '身份证号' }, issuer: { type: 'string', title: '签发机关' } }, required: ['idCard', 'issuer'] },
            ],
          },
        },
      },
    });
    expect(await errors(def, { id: { passport: '123' } })).toEqual(['/id/passport FW_VAL_MIN_LENGTH']);
    expect(await errors(def, { id: { idCard: '1', issuer: 'x' } })).toEqual(['/id/idCard FW_VAL_PATTERN']);
    // A value of another type than every branch: the branches' own types say nothing useful, one error stays.
    expect(await errors(def, { id: 'text' })).toEqual(['/id FW_VAL_ANY_OF']);
  });

  it('reports each problem once, and a oneOf that several branches pass as one error', async () => {
    const def = definition({
      schema: {
        type: 'object',
        properties: { v: { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'number', maximum: 10 }] } },
      },
    });
    expect(await errors(def, { v: 5 })).toEqual(['/v FW_VAL_ONE_OF']);
    expect(await errors(def, { v: 11.5 })).toEqual(['/v FW_VAL_MAXIMUM']);
  });

  it('nested either-or sections are explained level by level', async () => {
    const def = definition({
      schema: {
        type: 'object',
        properties: {
          outer: {
            oneOf: [
              { type: 'object', properties: { k: { const: 'x' }, inner: { oneOf: [{ type: 'object', properties: { t: { const: 1 }, a: { type: 'string' } }, required: ['t', 'a'] }, { type: 'object', properties: { t: { const: 2 } }, required: ['t'] }] } }, required: ['k'] },
              { type: 'object', properties: { k: { const: 'y' } }, required: ['k'] },
            ],
          },
        },
      },
    });
    expect(await errors(def, { outer: { k: 'x', inner: { t: 1 } } })).toEqual(['/outer/inner/a FW_VAL_REQUIRED']);
  });

  it('keeps nullable fields and code lists as they were: the value error, or one enum of the codes', async () => {
    const def = definition({
      schema: {
        type: 'object',
        properties: {
          nick: { anyOf: [{ type: 'string', minLength: 3 }, { type: 'null' }] },
          level: { oneOf: [{ const: 1, title: '一级' }, { const: 2, title: '二级' }] },
        },
      },
    });
    expect(await errors(def, { nick: 'ab', level: 3 })).toEqual(['/nick FW_VAL_MIN_LENGTH', '/level FW_VAL_ENUM']);
  });
});

describe('either-or records as drafts', () => {
  it('a blank record of an either-or form has only "required" problems (drafts may be saved with them)', async () => {
    const def = definition({
      schema: {
        type: 'object',
        oneOf: [
          { properties: { kind: { const: 'person' }, name: { type: 'string' } }, required: ['kind', 'name'] },
          { properties: { kind: { const: 'company' }, taxId: { type: 'string' } }, required: ['kind', 'taxId'] },
        ],
      },
    });
    const result = await evaluate(compileDefinition(def), {});
    expect(pairs(result.errors)).toEqual(['/kind FW_VAL_REQUIRED']);
    const half = await evaluate(compileDefinition(def), { kind: 'company' });
    expect(pairs(half.errors)).toEqual(['/taxId FW_VAL_REQUIRED']);
  });

  it('an either-or form without discriminator, left blank, asks for the nearest branch\'s fields', async () => {
    const def = definition({
      schema: {
        type: 'object',
        anyOf: [{ required: ['phone'] }, { required: ['email', 'name'] }],
        properties: { phone: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
      },
    });
    expect(pairs((await evaluate(compileDefinition(def), {})).errors)).toEqual(['/phone FW_VAL_REQUIRED']);
  });
});
